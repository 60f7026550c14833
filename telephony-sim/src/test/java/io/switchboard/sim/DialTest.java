package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.twilio.TwilioRest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DialTest extends SimTestBase {

  /** The ring Dial Switchboard sends: one Client per agent, the caller's CallSid as a parameter. */
  private void dialClients(String attributes, String... identities) {
    // Tests that act between ring and answer ring long (600 s is 6 s at this time scale).
    String attrs = attributes.contains("timeout") ? attributes : attributes + " timeout=\"600\"";
    // Devices register before calls arrive, as agents' phones do: a late registration misses the ring.
    for (String identity : identities) {
      sim.device(identity);
    }
    app.on("/voice", hit -> {
      StringBuilder clients = new StringBuilder();
      for (String identity : identities) {
        clients.append("<Client statusCallback=\"/client-status\" statusCallbackEvent=\"initiated ringing answered completed\">")
            .append("<Identity>").append(identity).append("</Identity>")
            .append("<Parameter name=\"callSid\" value=\"").append(hit.param("CallSid")).append("\"/></Client>");
      }
      return new TestApp.Reply(200, response("<Dial action=\"/dial-status\" answerOnBridge=\"true\" " + attrs + ">"
          + clients + "</Dial>"));
    });
    app.twiml("/dial-status", response("<Hangup/>"));
  }

  @Test
  void anAnsweredClientIsBridgedAndItsHangUpRequestsTheActionWithCompleted() {
    dialClients("timeout=\"20\"", "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();

    assertEquals(call.sid(), ring.parentCallSid());
    assertEquals(Map.of("callSid", call.sid()), ring.parameters());
    assertEquals("client:alice", ring.to());
    assertEquals(CALLER, ring.from());
    assertEquals("ringing", call.status(), "answerOnBridge: the caller rings until the agent answers");

    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals("in-progress", call.status());
    SimCall leg = sim.call(ring.callSid()).orElseThrow();
    assertEquals(call.sid(), leg.parentCallSid());
    assertEquals("outbound-dial", leg.direction());
    alice.awaitMessage("connected", ring.callSid(), WITHIN).await();

    ring.hangUp().await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    call.awaitEnd(WITHIN).await();
    app.await("/call-status", WITHIN);
    app.await("/client-status", "CallStatus", "completed", WITHIN);

    assertEquals("completed", action.param("DialCallStatus"));
    assertEquals(ring.callSid(), action.param("DialCallSid"));
    assertNotNull(action.param("DialCallDuration"));
    assertEquals("in-progress", action.param("CallStatus"));
    assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
        app.hits("/client-status").stream().map(h -> h.param("CallStatus")).toList());
    app.hits("/client-status").forEach(h -> {
      assertEquals(ring.callSid(), h.param("CallSid"));
      assertEquals(call.sid(), h.param("ParentCallSid"));
      assertEquals("client:alice", h.param("To"));
    });
    assertEquals(List.of("/voice"), app.paths().subList(0, 1));
    assertTrue(app.paths().indexOf("/dial-status") < app.paths().indexOf("/call-status"));
    assertEquals(List.of("incoming", "connected", "disconnected"),
        alice.messages().stream().map(m -> m.getString("type")).toList());
    assertAllSigned();
  }

  @Test
  void aRejectingClientMakesTheDialBusy() {
    dialClients("", "alice");
    SimDevice alice = sim.device("alice");
    sim.inboundCall(CALLER, NUMBER).await();
    alice.nextIncoming(WITHIN).await().reject().await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    assertEquals("busy", action.param("DialCallStatus"));
  }

  @Test
  void aClientAlreadyOnACallIsBusy() {
    dialClients("", "bob");
    SimDevice bob = sim.device("bob");
    sim.inboundCall(CALLER, NUMBER).await();
    bob.nextIncoming(WITHIN).await().accept().await();

    SimCall second = sim.inboundCall("+15550002222", NUMBER).await();
    TestApp.Hit action = app.await("/dial-status", "CallSid", second.sid(), WITHIN);
    assertEquals("busy", action.param("DialCallStatus"));
    assertEquals(1, bob.messages().stream().filter(m -> m.getString("type").equals("incoming")).count());
  }

  @Test
  void nobodyAnsweringWithinTheTimeoutIsNoAnswerAndTheRingIsCancelled() {
    dialClients("timeout=\"10\"", "alice");
    SimDevice alice = sim.device("alice");
    sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    assertEquals("no-answer", action.param("DialCallStatus"));
    assertEquals(ring.callSid(), action.param("DialCallSid"));
    ring.awaitCancel(WITHIN).await();
    assertEquals("no-answer", sim.call(ring.callSid()).orElseThrow().status());
  }

  @Test
  void anInvalidNumberFails() {
    app.twiml("/voice", response("<Dial action=\"/dial-status\"><Number>not-a-number</Number></Dial>"));
    app.twiml("/dial-status", response("<Say>Sorry</Say>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    assertEquals("failed", action.param("DialCallStatus"));
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("Sorry"), call.heard());
  }

  @Test
  void aDialedLegCanceledThroughTheRestApiMakesTheDialCanceled() {
    dialClients("", "alice");
    SimDevice alice = sim.device("alice");
    sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();
    var client = TwilioRest.client(twilio());
    Call updated = Call.updater(ring.callSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
    assertEquals(Call.Status.CANCELED, updated.getStatus());
    assertEquals("canceled", app.await("/dial-status", WITHIN).param("DialCallStatus"));
    ring.awaitCancel(WITHIN).await();
  }

  @Test
  void aConferenceDialReportsAnsweredWhenTheConferenceEnds() {
    app.twiml("/voice", response("<Dial action=\"/dial-status\"><Conference>room-1</Conference></Dial>"));
    app.twiml("/dial-status", response("<Say>Conference over</Say>"));
    SimCall first = sim.inboundCall(CALLER, NUMBER).await();
    first.awaitEvent("conference-waiting", WITHIN).await();
    app.twiml("/voice", response("<Dial><Conference endConferenceOnExit=\"true\">room-1</Conference></Dial>"));
    SimCall second = sim.inboundCall("+15550002222", NUMBER).await();
    first.awaitEvent("conference-started", WITHIN).await();
    second.hangUp().await();

    TestApp.Hit action = app.await("/dial-status", WITHIN);
    assertEquals("answered", action.param("DialCallStatus"));
    assertEquals(first.sid(), action.param("CallSid"));
    first.awaitEnd(WITHIN).await();
    assertEquals(List.of("Conference over"), first.heard());
  }

  @Test
  void tenDevicesRingAndOnlyTheFirstToAcceptIsConnected() {
    String[] agents = IntStream.range(0, 10).mapToObj(i -> "agent" + i).toArray(String[]::new);
    dialClients("", agents);
    List<SimDevice> devices = new ArrayList<>();
    for (String agent : agents) {
      devices.add(sim.device(agent));
    }
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    List<IncomingCall> rings = new ArrayList<>();
    for (SimDevice device : devices) {
      rings.add(device.nextIncoming(WITHIN).await());
    }
    assertEquals(10, rings.stream().map(IncomingCall::callSid).distinct().count(), "a CallSid per leg");
    rings.forEach(r -> assertEquals(call.sid(), r.parameters().get("callSid")));

    rings.get(3).accept().await();
    for (int i = 0; i < rings.size(); i++) {
      if (i != 3) {
        rings.get(i).awaitCancel(WITHIN).await();
        assertEquals("canceled", sim.call(rings.get(i).callSid()).orElseThrow().status());
      }
    }
    Throwable late = rings.get(7).accept().map(v -> (Throwable) null).otherwise(t -> t).await();
    assertNotNull(late, "a second accept cannot connect");
    CallEvent connected = call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals(rings.get(3).callSid(), connected.get("callSid"));
    assertTrue(devices.get(3).onCall());
    assertFalse(devices.get(7).onCall());
    assertEquals(1, call.events().stream().filter(e -> e.type().equals("dial-connected")).count());
  }

  @Test
  void anEleventhClientIsAnApplicationErrorAndRingsNobody() {
    String[] agents = IntStream.range(0, 11).mapToObj(i -> "agent" + i).toArray(String[]::new);
    dialClients("", agents);
    SimDevice first = sim.device("agent0");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    CallEvent error = call.awaitEvent("application-error", WITHIN).await();
    call.awaitEnd(WITHIN).await();
    assertEquals("12200", error.get("code"));
    assertTrue(error.get("document").contains("agent10"), "logged with the document");
    assertEquals(List.of(TwimlRunner.APPLICATION_ERROR), call.heard());
    assertEquals("completed", call.status());
    assertTrue(first.messages().isEmpty());
    assertTrue(app.hits("/dial-status").isEmpty());
  }

  @Test
  void aCallerHangingUpWhileBridgedEndsTheAgentLegAndStillRequestsTheAction() {
    dialClients("", "alice");
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    call.hangUp().await();

    ring.awaitDisconnect(WITHIN).await();
    TestApp.Hit action = app.await("/dial-status", WITHIN);
    TestApp.Hit status = app.await("/call-status", WITHIN);
    app.await("/client-status", "CallStatus", "completed", WITHIN);
    assertEquals("completed", action.param("DialCallStatus"));
    assertEquals("completed", action.param("CallStatus"));
    assertEquals("completed", status.param("CallStatus"));
    assertEquals(call.sid(), status.param("CallSid"));
    assertEquals("completed", sim.call(ring.callSid()).orElseThrow().status());
    assertAllSigned();
  }

  @Test
  void aCallerHangingUpWhileRingingCancelsEveryRing() {
    dialClients("", "alice", "bob");
    // registered before the call: a device registered after its ring never hears it
    SimDevice alice = sim.device("alice");
    SimDevice bob = sim.device("bob");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall a = alice.nextIncoming(WITHIN).await();
    IncomingCall b = bob.nextIncoming(WITHIN).await();
    call.hangUp().await();
    a.awaitCancel(WITHIN).await();
    b.awaitCancel(WITHIN).await();
    assertEquals("canceled", call.status(), "a caller who hangs up before an answer");
    assertEquals("canceled", app.await("/call-status", WITHIN).param("CallStatus"));
  }

  @Test
  void aRestRedirectInterruptsTheDialCancelsItsLegsAndSkipsTheAction() {
    dialClients("", "alice");
    app.twiml("/elsewhere", response("<Say>Moved</Say>"));
    SimDevice alice = sim.device("alice");
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = alice.nextIncoming(WITHIN).await();
    Call.updater(call.sid()).setUrl(app.url("/elsewhere")).setMethod(HttpMethod.POST)
        .update(TwilioRest.client(twilio()));
    ring.awaitCancel(WITHIN).await();
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("Moved"), call.heard());
    assertTrue(app.hits("/dial-status").isEmpty(), "no action after a REST update");
  }

  SwitchboardConfig.Twilio twilio() {
    return new SwitchboardConfig.Twilio(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN, TestConfigs.API_KEY,
        TestConfigs.API_SECRET, TestConfigs.TWIML_APP_SID, URI.create(sim.baseUrl()));
  }
}
