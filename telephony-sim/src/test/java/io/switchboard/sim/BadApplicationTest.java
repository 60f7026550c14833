package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import io.switchboard.common.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadApplicationTest extends SimTestBase {

  private void assertApplicationError(SimCall call, String code) {
    CallEvent error = call.awaitEvent("application-error", WITHIN).await();
    call.awaitEnd(WITHIN).await();
    assertEquals(code, error.get("code"));
    assertEquals(List.of(TwimlRunner.APPLICATION_ERROR), call.heard());
    assertEquals("completed", call.status());
  }

  @Test
  void aVoiceUrlAnswering500IsAnApplicationErrorAndHangUp() {
    app.on("/voice", hit -> new TestApp.Reply(500, "boom"));
    assertApplicationError(sim.inboundCall(CALLER, NUMBER).await(), "11200");
  }

  @Test
  void notXmlAnUnknownVerbAndAMissingUrlAreApplicationErrors() {
    app.twiml("/voice", "this is not xml");
    assertApplicationError(sim.inboundCall(CALLER, NUMBER).await(), "12100");
    app.twiml("/voice", response("<Dance/>"));
    assertApplicationError(sim.inboundCall(CALLER, NUMBER).await(), "12200");
    app.twiml("/voice", response("<Redirect/>"));
    assertApplicationError(sim.inboundCall(CALLER, NUMBER).await(), "12200");
  }

  @Test
  void externalEntitiesAreNeverResolved() {
    app.twiml("/voice", XML + "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Response><Say>&x;</Say></Response>");
    assertApplicationError(sim.inboundCall(CALLER, NUMBER).await(), "12100");
  }

  @Test
  void aFailingVoiceUrlFallsBackToTheNumbersFallbackUrlWithTheError() {
    app.on("/voice", hit -> new TestApp.Reply(503, ""));
    app.twiml("/fallback", response("<Say>Fallback speaking</Say>"));
    sim.number(NUMBER).fallbackUrl(app.url("/fallback"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    TestApp.Hit fallback = app.await("/fallback", WITHIN);
    call.awaitEnd(WITHIN).await();
    assertEquals("11200", fallback.param("ErrorCode"));
    assertEquals(app.url("/voice").toString(), fallback.param("ErrorUrl"));
    assertEquals(List.of("Fallback speaking"), call.heard());
  }

  @Test
  void aWebhookThatNeverAnswersTimesOutIntoAnApplicationError() {
    app.on("/voice", hit -> null);
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    // Twilio's 15 s, in real time (the application's work is not simulated)
    CallEvent error = call.awaitEvent("application-error", Duration.ofSeconds(25)).await();
    assertEquals("11200", error.get("code"));
  }

  @Test
  void aSignatureComputedBySimMatchesTheSdksRequestValidator() {
    var validator = new RequestValidator(TestConfigs.AUTH_TOKEN);
    String url = "https://switchboard.example.com/twilio/connect?callSid=CA1&agent=a%20b";
    Map<String, String> params = Map.of("CallSid", "CA1", "From", "+1555", "Digits", "", "Body", "é & ü");
    assertTrue(validator.validate(url, params, TwilioSignature.sign(TestConfigs.AUTH_TOKEN, url, params)));
    assertTrue(!validator.validate(url, params, TwilioSignature.sign("other-token", url, params)));
  }

  @Test
  void theParserRejectsMoreThanTenClientsAndAcceptsTen() {
    String ten = "<Client>a</Client>".repeat(10);
    assertEquals(10, TwimlParser.parse(response("<Dial>" + ten + "</Dial>")).get(0).children().size());
    TwimlException eleven = assertThrows(TwimlException.class,
        () -> TwimlParser.parse(response("<Dial>" + ten + "<Client>b</Client></Dial>")));
    assertEquals(12200, eleven.code());
    assertEquals(12100, assertThrows(TwimlException.class, () -> TwimlParser.parse("<Other/>")).code());
  }
}
