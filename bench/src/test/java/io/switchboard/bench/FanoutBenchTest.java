package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FanoutBenchTest {

  @Test
  void tinyFanoutRunDeliversEveryDeltaInOrderToEveryBridgeAndPlainClient() {
    TinyRun run = TinyRun.of("fanout", "--tiny");
    run.assertReportShape("fanout");
    JsonObject r = run.result;
    assertEquals(20, r.getInteger("clients"));
    assertEquals(64, r.getInteger("deltasPerClientPerRound"));
    assertTrue(r.getBoolean("invariantsHeld"), run.lines.toString());
    assertEquals(0, r.getLong("lost"));
    assertEquals(0, r.getLong("clientsWithGapsOrDisorder"));
    assertEquals(0, r.getJsonObject("baseline").getLong("lost"));
    TinyRun.assertSpread(r.getJsonObject("p99Ms"), 2);
    TinyRun.assertSpread(r.getJsonObject("baseline").getJsonObject("p99Ms"), 2);
    assertTrue(r.getJsonObject("p95Ms").getDouble("median") <= r.getJsonObject("p99Ms").getDouble("median"));
  }
}
