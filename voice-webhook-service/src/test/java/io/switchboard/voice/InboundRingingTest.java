package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.CallEvent;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.stack.StackHarness;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inbound calls end to end: telephony-sim calls the real voice-webhook and claim-service over HTTP. */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class InboundRingingTest {
  static final String CALLER = "+15550001111";

  StackHarness h;
  GreenMail smtp;

  @BeforeEach
  void start(TestDatabase db) {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    // Ring 200 s (2 s at the sim's scale): the default 30 s is 0.3 s here, too short for a test to
    // claim and answer between the ring and the timeout on a loaded machine.
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), Map.of(
        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
        "SMTP_STARTTLS", "disabled", "SWITCHBOARD_RING_TIMEOUT_SECONDS", "200"));
  }

  @AfterEach
  void stop() {
    h.close();
    smtp.stop();
  }

  private List<SimDevice> devices(List<String> agents) {
    return agents.stream().map(h.sim::device).toList();
  }

  private List<IncomingCall> ringsOn(List<SimDevice> devices) {
    List<IncomingCall> rings = new ArrayList<>();
    for (SimDevice device : devices) {
      rings.add(device.nextIncoming(WITHIN).await());
    }
    return rings;
  }

  @Test
  @DisplayName("with nobody available the caller leaves a voicemail: row, board delta and the admins' email")
  void noAvailableAgentMeansVoicemailStoredPublishedAndEmailed() throws Exception {
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("recorded", WITHIN).await();
    assertTrue(call.heard().get(0).contains("leave a message"), call.heard().toString());
    CallView view = h.awaitCall(call.sid(), c -> c.status() == CallStatus.VOICEMAIL || c.status() == CallStatus.ENDED,
        "in voicemail");
    assertTrue(view.rungAgents().isEmpty());

    // The recording status callback and the <Record> action both complete the same row; the action adds the caller.
    JsonObject delta = h.awaitDelta(d -> "voicemail".equals(d.getString("kind"))
        && CALLER.equals(d.getJsonObject("data").getString("from")), "voicemail with the caller");
    JsonObject data = delta.getJsonObject("data");
    assertEquals(call.sid(), data.getString("callSid"));
    assertEquals(CALLER, data.getString("from"));
    assertTrue(data.getString("recordingSid").startsWith("RE"));
    assertTrue(data.getInteger("durationSeconds") > 0);
    assertEquals(1, h.count("SELECT count(*) FROM voice.voicemails WHERE call_sid = '" + call.sid() + "'"));

    assertTrue(smtp.waitForIncomingEmail(WITHIN.toMillis(), 1), "no email arrived");
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertEquals(StackHarness.ADMIN_EMAIL, mail.getAllRecipients()[0].toString());
    assertTrue(mail.getSubject().contains(CALLER), mail.getSubject());

    call.awaitEnd(WITHIN).await();
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    // The transcription arrives later and completes the same row.
    StackHarness.until(() -> h.count("SELECT count(*) FROM voice.voicemails WHERE transcription IS NOT NULL") == 1
        ? Boolean.TRUE : null, "transcription");
    assertEquals(1, smtp.getReceivedMessages().length, "exactly one email");
  }

  @Test
  @DisplayName("one available agent rings with the caller's CallSid as the callSid parameter and connects on answer")
  void oneAgentRingsWithTheCallersCallSidAndConnects() {
    h.setAvailable("agent-1");
    SimDevice device = h.sim.device("agent-1");
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    assertEquals(call.sid(), ring.parameters().get("callSid"));
    assertEquals(call.sid(), ring.parentCallSid());
    assertEquals("client:agent-1", ring.to());

    assertTrue(h.claim(call.sid(), "agent-1").won());
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + call.sid() + "'") == 1 ? Boolean.TRUE : null, "CONNECT from the client status callback");

    device.hangUp().await();
    call.awaitEnd(WITHIN).await();
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended after the agent hung up");
  }

  @Test
  @DisplayName("three available agents ring at once; when one answers the other two stop ringing")
  void threeAgentsRingAtOnceAndTheOthersStop() {
    List<String> agents = StackHarness.agents(3);
    h.available.addAll(agents);
    List<SimDevice> devices = devices(agents);
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    List<IncomingCall> rings = ringsOn(devices);
    rings.forEach(r -> assertEquals(call.sid(), r.parameters().get("callSid")));
    CallView ringing = h.awaitCall(call.sid(), c -> c.status() == CallStatus.RINGING, "ringing");
    assertEquals(agents, ringing.rungAgents());

    assertTrue(h.claim(call.sid(), "agent-2").won());
    rings.get(1).accept().await();
    rings.get(0).awaitCancel(WITHIN).await();
    rings.get(2).awaitCancel(WITHIN).await();
    CallView active = h.awaitCall(call.sid(), c -> c.status() == CallStatus.ACTIVE, "active");
    assertEquals("agent-2", active.assignedTo());
    call.hangUp().await();
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
  }

  @Test
  @DisplayName("ten available agents all ring in one Dial")
  void tenAgentsAllRingInOneDial() {
    List<String> agents = StackHarness.agents(10);
    h.available.addAll(agents);
    List<SimDevice> devices = devices(agents);
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    List<IncomingCall> rings = ringsOn(devices);
    assertEquals(10, rings.size());
    rings.forEach(r -> assertEquals(call.sid(), r.parameters().get("callSid")));
    CallEvent dial = call.awaitEvent("dial", WITHIN).await();
    assertEquals(10, dial.data().getJsonArray("to").size());
    assertEquals(RingMode.DIAL, h.call(call.sid()).ringMode());
    call.hangUp().await();
    for (IncomingCall ring : rings) {
      ring.awaitCancel(WITHIN).await();
    }
  }

  @Test
  @DisplayName("a queued caller nobody claims goes to voicemail after the ring timeout")
  void queuedCallerGoesToVoicemailAfterTheRingTimeout() {
    h.available.addAll(StackHarness.agents(11));
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("recorded", WITHIN).await();
    CallView view = h.awaitCall(call.sid(), c -> c.status() != CallStatus.RINGING, "out of the queue");
    assertEquals("no-answer", view.endReason());
  }

  @Test
  @DisplayName("the caller hanging up while agents ring ends the call and clears every ring")
  void callerHangingUpWhileRingingEndsTheCallAndClearsEveryRing() {
    List<String> agents = StackHarness.agents(3);
    h.available.addAll(agents);
    List<SimDevice> devices = devices(agents);
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    List<IncomingCall> rings = ringsOn(devices);
    call.hangUp().await();
    for (IncomingCall ring : rings) {
      ring.awaitCancel(WITHIN).await();
    }
    CallView ended = h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    assertNull(ended.assignedTo());
    h.awaitDelta(d -> "call".equals(d.getString("kind")) && "remove".equals(d.getString("op"))
        && call.sid().equals(d.getString("key")), "call removed from every board");
  }

  @Test
  @DisplayName("nobody answering within the ring timeout sends the caller to voicemail")
  void ringTimeoutSendsTheCallerToVoicemail() {
    h.setAvailable("agent-1");
    SimDevice device = h.sim.device("agent-1");
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    ring.awaitCancel(WITHIN).await();
    CallEvent ended = call.awaitEvent("dial-ended", WITHIN).await();
    assertEquals("no-answer", ended.get("DialCallStatus"));
    call.awaitEvent("recorded", WITHIN).await();
    CallView view = h.awaitCall(call.sid(), c -> c.status() != CallStatus.RINGING, "out of ringing");
    assertEquals("no-answer", view.endReason());
    assertTrue(call.heard().stream().anyMatch(t -> t.contains("leave a message")));
  }

  @Test
  @DisplayName("a call to a number no org owns hears a polite message and no call is created")
  void unknownNumberIsPolitelyHungUpWithoutACallRow() {
    SimCall call = h.sim.inboundCall(CALLER, StackHarness.UNKNOWN_NUMBER).await();
    call.awaitEnd(WITHIN).await();
    assertTrue(call.heard().get(0).contains("not in service"), call.heard().toString());
    assertNull(h.call(call.sid()));
    assertFalse(call.events().stream().anyMatch(e -> e.type().equals("application-error")));
  }
}
