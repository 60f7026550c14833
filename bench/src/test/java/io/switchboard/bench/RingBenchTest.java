package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RingBenchTest {

  @Test
  void tinyRingRunRingsEveryDeviceAndBoardThenClearsThemAfterEachWonClaim() {
    TinyRun run = TinyRun.of("ring", "--tiny");
    run.assertReportShape("ring");
    JsonObject r = run.result;
    assertEquals(0, r.getInteger("claimsNotWon"), run.lines.toString());
    assertEquals(10, r.getJsonObject("webhookToAllRingingMs").getInteger("count"));
    assertEquals(10, r.getJsonObject("claimToAllClearedMs").getInteger("count"));
    assertEquals(10, r.getJsonObject("baseline").getJsonObject("acceptToAllCancelledMs").getInteger("count"));
    JsonObject clear = r.getJsonObject("claimToAllClearedMs");
    assertTrue(clear.getDouble("p50") <= clear.getDouble("p99") && clear.getDouble("p99") <= clear.getDouble("max"));
    // All cleared means the boards and the devices: it is never earlier than either.
    assertTrue(clear.getDouble("max") >= r.getJsonObject("claimToAllBoardsClearedMs").getDouble("max"));
  }
}
