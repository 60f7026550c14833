package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimsBenchTest {

  @Test
  void tinyClaimsRunReportsBothModesAgainstTheirBaselinesWithExactlyOneWinnerPerCall() {
    TinyRun run = TinyRun.of("claims", "--tiny", "--calls", "20", "--rounds", "2");
    run.assertReportShape("claims");
    JsonObject r = run.result;
    assertEquals(20, r.getInteger("calls"));
    assertEquals(10, r.getInteger("agents"));
    assertTrue(r.getBoolean("invariantsHeld"));
    JsonObject winners = r.getJsonObject("winnersPerCall");
    assertEquals(1, winners.getInteger("min"));
    assertEquals(1, winners.getInteger("max"));
    assertEquals(0, winners.getInteger("disagreements"));
    // Warm-up and measured calls, ours and baseline, each checked in the replies and in PostgreSQL.
    assertEquals(2 * (10 + 2 * 20), winners.getInteger("callsChecked"));
    for (JsonObject mode : new JsonObject[] {r.getJsonObject("contested"), r.getJsonObject("uncontested"),
        r.getJsonObject("baseline").getJsonObject("contested"), r.getJsonObject("baseline").getJsonObject("uncontested")}) {
      TinyRun.assertSpread(mode.getJsonObject("requestsPerSecond"), 2);
      TinyRun.assertSpread(mode.getJsonObject("p99Ms"), 2);
    }
    assertEquals(2 * 20 * 10, r.getJsonObject("contested").getInteger("requests"));
    // The arbiter went to PostgreSQL once per call, not once per claim.
    assertEquals(1.0, r.getDouble("databaseAttemptsPerCall"));
  }
}
