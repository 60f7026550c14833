package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhookBenchTest {

  @Test
  void tinyWebhookRunAnswersEverySignedCallWithARingAndStepsTheRateAgainstTheConstantEndpoint() {
    TinyRun run = TinyRun.of("webhook", "--tiny");
    run.assertReportShape("webhook");
    JsonObject r = run.result;
    assertTrue(r.getBoolean("invariantsHeld"), run.lines.toString());
    assertEquals(0, r.getInteger("failed"));
    assertEquals(0, r.getInteger("notRinging"));
    assertEquals(0, r.getJsonObject("baseline").getInteger("failed"));
    TinyRun.assertSpread(r.getJsonObject("p99Ms"), 2);
    TinyRun.assertSpread(r.getJsonObject("baseline").getJsonObject("p99Ms"), 2);
    // The rate search ran its first step (the base rate) on both endpoints.
    JsonObject first = r.getJsonObject("steps").getJsonObject("20");
    assertTrue(first.containsKey("voice") && first.containsKey("constant"), r.getJsonObject("steps").encode());
  }
}
