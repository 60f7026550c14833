package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemoryBenchTest {

  @Test
  void tinyMemoryRunMeasuresTheServerHeapOfBridgeAndPlainConnectionsInItsOwnProcess() {
    TinyRun run = TinyRun.of("memory", "--tiny");
    run.assertReportShape("memory");
    JsonObject r = run.result;
    assertEquals(50, r.getInteger("connections"));
    TinyRun.assertSpread(r.getJsonObject("heapPerConnectionKb"), 2);
    TinyRun.assertSpread(r.getJsonObject("baseline").getJsonObject("heapPerConnectionKb"), 2);
    assertTrue(r.getString("process").contains("own JVM"));
  }
}
