package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code <Client url>} screening as Twilio documents it: the url's TwiML runs on the dialed party's
 * leg after it answers and before it is bridged; {@code <Hangup/>} declines that leg only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScreeningTest extends SimTestBase {

  /** A ring Dial whose Clients are screened at /screen; {@code screens} answers per identity. */
  private void dialScreened(String dialAttrs, String clientAttrs, Map<String, String> screens, String... identities) {
    for (String identity : identities) {
      sim.device(identity);
    }
    app.on("/voice", hit -> {
      StringBuilder clients = new StringBuilder();
      for (String identity : identities) {
        clients.append("<Client url=\"/screen\" ").append(clientAttrs)
            .append(" statusCallback=\"/client-status\" statusCallbackEvent=\"answered completed\">")
            .append("<Identity>").append(identity).append("</Identity></Client>");
      }
      return new TestApp.Reply(200, response("<Dial action=\"/dial-status\" answerOnBridge=\"true\" " + dialAttrs + ">"
          + clients + "</Dial>"));
    });
    app.on("/screen", hit -> {
      String body = screens.get(hit.param("To").substring("client:".length()));
      return body == null ? new TestApp.Reply(500, "") : new TestApp.Reply(200, response(body));
    });
    app.twiml("/dial-status", response("<Hangup/>"));
  }

  private static long count(SimCall call, String type) {
    return call.events().stream().filter(e -> e.type().equals(type)).count();
  }

  @Test
  void anAnsweredLegRunsTheUrlsTwimlAloneAndIsBridgedWhenItEnds() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "<Say>Incoming support call</Say>"), "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();
    ring.accept().await();

    TestApp.Hit screen = app.await("/screen", WITHIN);
    assertEquals("POST", screen.method());
    assertEquals(ring.callSid(), screen.param("CallSid"));
    assertEquals(call.sid(), screen.param("ParentCallSid"));
    assertEquals("in-progress", screen.param("CallStatus"));
    assertEquals("client:alice", screen.param("To"));
    assertEquals(CALLER, screen.param("From"));
    assertEquals("outbound-dial", screen.param("Direction"));
    assertEquals("in-progress", app.await("/client-status", WITHIN).param("CallStatus"),
        "the leg is answered (its own callback fires) before it is bridged");

    CallEvent connected = call.awaitEvent("dial-connected", WITHIN).await();
    SimCall leg = sim.call(ring.callSid()).orElseThrow();
    assertEquals(ring.callSid(), connected.get("callSid"));
    assertEquals(List.of("Incoming support call"), leg.heard(), "the agent heard the screening");
    assertEquals(List.of(), call.heard(), "the caller did not");
    CallEvent said = leg.awaitEvent("say", WITHIN).await();
    assertTrue(!said.at().isAfter(connected.at()), "bridged only after the document ended");
    assertEquals("in-progress", call.status());
    assertAllSigned();
  }

  @Test
  void hangupDeclinesThatLegOnlyAndTheCallerKeepsRingingTheOthers() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "<Hangup/>", "bob", ""), "alice", "bob");
    SimDevice alice = sim.device("alice");
    SimDevice bob = sim.device("bob");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    IncomingCall b = bob.nextIncoming(WITHIN).await();

    a.accept().await();
    a.awaitDisconnect(WITHIN).await();
    SimCall aliceLeg = sim.call(a.callSid()).orElseThrow();
    assertEquals("completed", aliceLeg.status());
    assertEquals(1, count(aliceLeg, "hangup"));
    assertEquals("ringing", call.status(), "the caller still rings");
    assertEquals("ringing", sim.call(b.callSid()).orElseThrow().status(), "bob still rings");
    assertTrue(bob.messages().stream().noneMatch(m -> "cancel".equals(m.getString("type"))));
    assertTrue(app.hits("/dial-status").isEmpty());

    b.accept().await();
    CallEvent connected = call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals(b.callSid(), connected.get("callSid"));
    assertEquals(1, count(call, "dial-connected"));
    assertFalse(alice.onCall());
    assertTrue(bob.onCall());
  }

  @Test
  void aDialWhoseEveryAnsweredLegWasScreenedOffIsNoAnswerNotCompleted() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "<Say>Sorry</Say><Hangup/>"), "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    alice.nextIncoming(WITHIN).await().accept().await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    assertEquals("no-answer", action.param("DialCallStatus"));
    assertEquals(null, action.param("DialCallDuration"), "nobody was bridged");
    assertEquals(0, count(call, "dial-connected"));
  }

  @Test
  void theDialTimeoutEndsRingingLegsButNotALegBeingScreened() {
    // timeout 10 s = 100 ms here; alice's screening pauses 30 s = 300 ms, past it.
    dialScreened("timeout=\"10\"", "", Map.of("alice", "<Pause length=\"30\"/>"), "alice", "bob");
    SimDevice alice = sim.device("alice");
    alice.onIncoming(ring -> ring.accept());
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall b = sim.device("bob").nextIncoming(WITHIN).await();
    b.awaitCancel(WITHIN).await();
    assertEquals("no-answer", sim.call(b.callSid()).orElseThrow().status());

    CallEvent connected = call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals("client:alice", sim.call(connected.get("callSid")).orElseThrow().to());
  }

  @Test
  void aFailedScreeningRequestIsAnApplicationErrorOnThatLegOnly() {
    // No screen reply for alice: HTTP 500.
    dialScreened("timeout=\"600\"", "", Map.of("bob", ""), "alice", "bob");
    SimDevice alice = sim.device("alice");
    SimDevice bob = sim.device("bob");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    IncomingCall b = bob.nextIncoming(WITHIN).await();
    a.accept().await();
    a.awaitDisconnect(WITHIN).await();
    SimCall aliceLeg = sim.call(a.callSid()).orElseThrow();
    assertEquals(1, count(aliceLeg, "application-error"));
    assertEquals(List.of(TwimlRunner.APPLICATION_ERROR), aliceLeg.heard());
    assertEquals(List.of(), call.heard(), "the caller heard no error");
    assertEquals(0, count(call, "application-error"));

    b.accept().await();
    assertEquals(b.callSid(), call.awaitEvent("dial-connected", WITHIN).await().get("callSid"));
  }

  @Test
  void aLegStillScreeningWhenAnotherIsBridgedIsHungUpNeverBridged() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "", "bob", "<Pause length=\"100\"/>"), "alice", "bob");
    SimDevice alice = sim.device("alice");
    SimDevice bob = sim.device("bob");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    IncomingCall b = bob.nextIncoming(WITHIN).await();
    b.accept().await();
    sim.call(b.callSid()).orElseThrow().awaitEvent("pause", WITHIN).await();
    a.accept().await();
    assertEquals(a.callSid(), call.awaitEvent("dial-connected", WITHIN).await().get("callSid"));
    b.awaitDisconnect(WITHIN).await();
    assertEquals("completed", sim.call(b.callSid()).orElseThrow().status());
    assertEquals(1, count(call, "dial-connected"));
  }

  @Test
  void theCallerHangingUpDuringScreeningEndsTheLegAndTheDialIsCanceled() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "<Pause length=\"100\"/>"), "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    a.accept().await();
    sim.call(a.callSid()).orElseThrow().awaitEvent("pause", WITHIN).await();
    call.hangUp().await();
    a.awaitDisconnect(WITHIN).await();
    assertEquals("canceled", app.await("/dial-status", WITHIN).param("DialCallStatus"));
    assertEquals(0, count(call, "dial-connected"));
  }

  @Test
  void methodGetRequestsTheUrlWithTheParametersInTheQuerySigned() {
    dialScreened("timeout=\"600\"", "method=\"GET\"", Map.of("alice", ""), "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    a.accept().await();
    TestApp.Hit screen = app.await("/screen", WITHIN);
    assertEquals("GET", screen.method());
    assertEquals(a.callSid(), screen.param("CallSid"));
    call.awaitEvent("dial-connected", WITHIN).await();
    assertAllSigned();
  }

  @Test
  void aVerbThatCannotRunBeforeTheBridgeIsAnApplicationErrorOnTheLeg() {
    dialScreened("timeout=\"600\"", "", Map.of("alice", "<Dial><Number>+15550009999</Number></Dial>"), "alice");
    SimDevice alice = sim.device("alice");
    sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    a.accept().await();
    a.awaitDisconnect(WITHIN).await();
    assertEquals("12200", sim.call(a.callSid()).orElseThrow().awaitEvent("application-error", WITHIN).await().get("code"));
    assertEquals("no-answer", app.await("/dial-status", WITHIN).param("DialCallStatus"));
  }
}
