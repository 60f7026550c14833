package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.stack.StackHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reconciliation with Twilio, every second, for calls unheard of for a second: what a lost webhook
 * leaves behind is found at Twilio and put right.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class ReconciliationTest {
  static final String CALLER = "+15551112222";
  StackHarness h;

  @BeforeEach
  void start(TestDatabase db) {
    // Rings 600 s (6 s at the sim's scale): long enough to claim and answer on a loaded machine.
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), Map.of(
        "SWITCHBOARD_RECONCILE_INTERVAL_SECONDS", "1", "SWITCHBOARD_RECONCILE_AFTER_SECONDS", "1",
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "600"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** A caller connected to agent-1. */
  SimCall connected() {
    h.setAvailable("agent-1");
    var device = h.sim.device("agent-1");
    SimCall caller = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    assertTrue(h.claim(caller.sid(), "agent-1").won());
    ring.accept().await();
    // Bridged by the sim, not only recorded: a hang-up while the leg is still being screened is an
    // abandoned call (Twilio's DialCallStatus canceled), which is not what these tests are about.
    caller.awaitEvent("dial-connected", WITHIN).await();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "connected");
    return caller;
  }

  @Test
  @DisplayName("a caller's final status webhook lost: the active call is ended from Twilio's word within the interval")
  void lostFinalStatusWebhookEndsTheCallFromTwilio() {
    SimCall caller = connected();
    h.sim.faults().loseWebhooks(TwilioPaths.CALL_STATUS, 10);
    caller.hangUp().await();
    caller.awaitEnd(WITHIN).await();
    var ended = h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ENDED, "ended by the reconciler");
    assertEquals("completed", ended.endReason());
    assertEquals("agent-1", ended.assignedTo());
    assertTrue(h.sim.faults().injected() >= 1, "the status webhook was lost");
  }

  @Test
  @DisplayName("a live call Twilio still has is checked and left alone")
  void aLiveCallIsLeftAlone() throws Exception {
    SimCall caller = connected();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE twilio_checked_at IS NOT NULL"
        + " AND call_sid = '" + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "checked at Twilio");
    Thread.sleep(1_500);
    assertEquals(CallStatus.ACTIVE, h.call(caller.sid()).status());
    caller.hangUp().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ENDED && "completed".equals(c.endReason()), "ended");
  }

  @Test
  @DisplayName("a voicemail that could not be stored while the directory was down is recovered once it is back")
  void voicemailAnsweredButNotStoredIsRecoveredLater() throws Exception {
    h.directoryDown = true;
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    String recordingSid = call.awaitEvent("recorded", WITHIN).await().get("recordingSid");
    call.awaitEnd(WITHIN).await();
    Thread.sleep(1_500);
    assertEquals(0, h.count("SELECT count(*) FROM voice.voicemails"), "not stored while the directory is down");
    h.directoryDown = false;
    StackHarness.until(() -> h.count("SELECT count(*) FROM voice.voicemails WHERE recording_sid = '" + recordingSid
        + "' AND org_id = '" + StackHarness.ORG + "'") == 1 ? Boolean.TRUE : null, "voicemail recovered");
  }

  @Test
  @DisplayName("a voicemail whose callbacks were all lost is recovered from Twilio's recordings, with one email")
  void voicemailWithLostCallbacksIsRecovered() {
    h.sim.faults().loseWebhooks(TwilioPaths.VOICEMAIL, 5).loseWebhooks(TwilioPaths.RECORDING_STATUS, 5)
        .loseWebhooks(TwilioPaths.TRANSCRIPTION, 5);
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    var recorded = call.awaitEvent("recorded", WITHIN).await();
    String recordingSid = recorded.get("recordingSid");
    assertTrue(recordingSid.startsWith("RE"), recordingSid);
    StackHarness.until(() -> h.count("SELECT count(*) FROM voice.voicemails WHERE recording_sid = '" + recordingSid
        + "' AND from_number = '" + CALLER + "' AND duration_seconds > 0 AND recording_url LIKE '%/Recordings/"
        + recordingSid + "' AND notified_at IS NOT NULL") == 1 ? Boolean.TRUE : null, "voicemail recovered");
    h.awaitDelta(d -> "voicemail".equals(d.getString("kind"))
        && recordingSid.equals(d.getJsonObject("data").getString("recordingSid")), "voicemail on the board");
    assertEquals(1, h.count("SELECT count(*) FROM voice.voicemails"));
  }
}
