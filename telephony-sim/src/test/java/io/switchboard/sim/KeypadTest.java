package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keypad input and DTMF: {@code <Gather>}, keys pressed on a call, {@code <Number sendDigits>}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeypadTest extends SimTestBase {

  @Test
  // timeout="600": 6 s real at this scale, so a loaded machine cannot end the Gather between two presses.
  void gatherCollectsKeysUntilFinishOnKeyAndRequestsItsActionWithDigits() {
    app.twiml("/voice", response("<Gather action=\"/spot\" timeout=\"600\"><Say>Enter the spot number</Say>"
        + "<Pause length=\"30\"/></Gather><Say>No input</Say>"));
    app.twiml("/spot", response("<Say>Retrieving your call</Say><Hangup/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("gather", WITHIN).await();
    call.press("*1").await();
    call.press("2#").await();
    TestApp.Hit action = app.await("/spot", WITHIN);
    assertEquals("*12", action.param("Digits"));
    assertEquals("#", action.param("FinishedOnKey"));
    assertEquals(call.sid(), action.param("CallSid"));
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("Enter the spot number", "Retrieving your call"), call.heard());
    assertTrue(call.events().stream().noneMatch(e -> e.type().equals("pause")), "the first key stopped the prompt");
    assertAllSigned();
  }

  @Test
  void numDigitsEndsTheGatherWithoutAFinishKey() {
    app.twiml("/voice", response("<Gather numDigits=\"3\" timeout=\"600\" action=\"/menu\" method=\"GET\"><Say>Choose</Say></Gather>"));
    app.twiml("/menu", response("<Hangup/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("gather", WITHIN).await();
    call.press("1").await();
    call.press("234").await();
    TestApp.Hit action = app.await("/menu", WITHIN);
    assertEquals("GET", action.method());
    assertEquals("123", action.param("Digits"));
    call.awaitEnd(WITHIN).await();
  }

  @Test
  void noKeysBeforeTheTimeoutGoesOnWithTheNextVerbWithoutTheAction() {
    app.twiml("/voice", response("<Gather action=\"/never\" timeout=\"2\"><Say>Choose</Say></Gather>"
        + "<Say>We did not get that</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("Choose", "We did not get that"), call.heard());
    assertTrue(app.hits("/never").isEmpty());
  }

  @Test
  void aGatherWithoutActionPostsTheDigitsToTheCurrentDocument() {
    app.on("/voice", hit -> new TestApp.Reply(200, hit.param("Digits") == null
        ? response("<Gather numDigits=\"1\"/>") : response("<Say>You chose " + hit.param("Digits") + "</Say>")));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("gather", WITHIN).await();
    call.press("7").await();
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("You chose 7"), call.heard());
  }

  @Test
  void aGatherMayHoldOnlySayPlayAndPause() {
    app.twiml("/voice", response("<Gather><Dial>+15550003333</Dial></Gather>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEnd(WITHIN).await();
    assertEquals("12200", call.awaitEvent("application-error", WITHIN).await().get("code"));
  }

  @Test
  void keysPressedOnABridgedCallAreHeardOnTheOtherSideBothWays() {
    app.twiml("/voice", response("<Dial><Client>ann</Client></Dial>"));
    SimDevice ann = sim.device("ann");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = ann.nextIncoming(WITHIN).await();
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals(Set.of(ring.callSid()), sim.hears(call.sid()).await(), "the caller hears the agent's leg");
    assertEquals(Set.of(call.sid()), sim.hears(ring.callSid()).await());
    call.press("5").await();
    assertEquals("5", ann.awaitMessage("dtmf", ring.callSid(), WITHIN).await().getString("digits"));
    ann.sendDigits("9#").await();
    CallEvent heard = call.awaitEvent("dtmf-heard", WITHIN).await();
    assertEquals("9#", heard.get("digits"));
    assertEquals(ring.callSid(), heard.get("from"));
  }

  @Test
  void numberSendDigitsDialsThemOnceAnsweredThenItsUrlRunsThenTheLegIsBridged() {
    app.twiml("/voice", response("<Dial><Number sendDigits=\"ww55#\" url=\"/number-screen\""
        + " statusCallback=\"/number-status\" statusCallbackEvent=\"answered completed\">+15550003333</Number></Dial>"));
    app.twiml("/number-screen", response("<Say>Call from the contact center</Say>"));
    SimDevice phone = sim.phone("+15550003333");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = phone.nextIncoming(WITHIN).await();
    ring.accept().await();
    JsonObject dtmf = phone.awaitMessage("dtmf", ring.callSid(), WITHIN).await();
    assertEquals("55#", dtmf.getString("digits"));
    call.awaitEvent("dial-connected", WITHIN).await();
    SimCall leg = sim.call(ring.callSid()).orElseThrow();
    List<String> order = leg.events().stream().map(CallEvent::type)
        .filter(t -> List.of("send-digits", "digits-sent", "screening").contains(t)).toList();
    assertEquals(List.of("send-digits", "digits-sent", "screening"), order);
    assertEquals("in-progress", app.await("/number-status", WITHIN).param("CallStatus"));
    call.hangUp().await();
    app.await("/number-status", "CallStatus", "completed", WITHIN);
    assertTrue(phone.messages().stream().anyMatch(m -> "dtmf".equals(m.getString("type"))));
    assertAllSigned();
  }

  @Test
  void keysMustBeKeypadKeys() {
    app.twiml("/voice", response("<Say>Hi</Say><Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    for (String keys : List.of("12x", "", "1 2")) {
      assertThrows(IllegalArgumentException.class, () -> call.press(keys).await(), keys);
    }
    call.hangUp().await();
    call.awaitEnd(WITHIN).await();
    assertThrows(IllegalStateException.class, () -> call.press("1").await(), "an ended call");
  }
}
