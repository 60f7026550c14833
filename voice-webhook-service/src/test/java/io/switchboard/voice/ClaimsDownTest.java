package io.switchboard.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.stack.SignedTwilioClient;
import io.switchboard.stack.StackHarness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
class ClaimsDownTest {

  @Test
  @DisplayName("with the claim-service unreachable an inbound call still gets voicemail TwiML with its org, not a 5xx")
  void claimServiceDownStillServesTheCaller(TestDatabase db) {
    try (StackHarness h = StackHarness.start(db, List.of(new VoiceWebhookModule()), Map.of())) {
      h.setAvailable("agent-1");
      var twilio = new SignedTwilioClient(h.vertx, TestConfigs.AUTH_TOKEN, h.url(""), h.port);
      var r = twilio.post("/twilio/voice", WebhookContractTest.inbound(WebhookContractTest.sid("CA")));
      assertEquals(200, r.status());
      assertTrue(r.body().contains("<Record"), r.body());
      assertTrue(r.body().contains("/twilio/voicemail?org=org-a"), r.body());
    }
  }

  @Test
  @DisplayName("with the claim-service unreachable an answered agent leg is hung up by screening, never bridged unverified")
  void claimServiceDownDeclinesEveryAnsweredLeg(TestDatabase db) {
    try (StackHarness h = StackHarness.start(db, List.of(new VoiceWebhookModule()), Map.of())) {
      var twilio = new SignedTwilioClient(h.vertx, TestConfigs.AUTH_TOKEN, h.url(""), h.port);
      String callSid = WebhookContractTest.sid("CA");
      Map<String, String> leg = new LinkedHashMap<>();
      leg.put("CallSid", WebhookContractTest.sid("CA"));
      leg.put("ParentCallSid", callSid);
      leg.put("AccountSid", TestConfigs.ACCOUNT_SID);
      leg.put("CallStatus", "in-progress");
      leg.put("To", "client:agent-1");
      leg.put("From", "+15550001111");
      var r = twilio.post("/twilio/screen?org=org-a&callSid=" + callSid + "&agent=agent-1", leg);
      assertEquals(200, r.status(), r.body());
      assertTrue(r.body().contains("<Hangup/>"), r.body());
    }
  }
}
