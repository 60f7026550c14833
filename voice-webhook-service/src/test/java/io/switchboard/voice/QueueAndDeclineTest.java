package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.stack.StackHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviours that must happen well before the ring timeout, so the timeout here is long (500 s, 5 s
 * at the sim's scale): queue mode's claim winner being connected, and all declines going to
 * voicemail at once.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class QueueAndDeclineTest {
  static final String CALLER = "+15550002222";

  StackHarness h;

  @BeforeEach
  void start(TestDatabase db) {
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), Map.of("SWITCHBOARD_RING_TIMEOUT_SECONDS", "500"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void decline(String callSid, String agent) {
    h.request(Addresses.CLAIMS_DECLINE,
        new DeclineRequest(callSid, new Actor(agent, StackHarness.ORG, Role.AGENT)).toJson());
  }

  @Test
  @DisplayName("eleven available agents: the caller waits with hold music, every dashboard rings, the winner is connected")
  void elevenAgentsQueueTheCallerAndConnectTheWinner() {
    List<String> agents = StackHarness.agents(11);
    h.available.addAll(agents);
    List<SimDevice> devices = agents.stream().map(h.sim::device).toList();
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("play", WITHIN).await();
    CallView queued = h.awaitCall(call.sid(), c -> c.status() == CallStatus.RINGING, "ringing");
    assertEquals(RingMode.QUEUE, queued.ringMode());
    assertEquals(agents, queued.rungAgents());
    JsonObject delta = h.awaitDelta(d -> "call".equals(d.getString("kind")) && call.sid().equals(d.getString("key")),
        "ringing call on the board");
    assertEquals(new JsonArray(agents), delta.getJsonObject("data").getJsonArray("rungAgents"));
    assertTrue(call.events().stream().noneMatch(e -> e.type().equals("dial")), "no <Dial> in queue mode");

    assertTrue(h.claim(call.sid(), "agent-7").won());
    IncomingCall ring = devices.get(6).nextIncoming(WITHIN).await();
    assertEquals(call.sid(), ring.parameters().get("callSid"));
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + call.sid() + "'") == 1 ? Boolean.TRUE : null, "CONNECT of the queue winner");
    for (int i = 0; i < devices.size(); i++) {
      if (i != 6) {
        assertTrue(devices.get(i).messages().stream().noneMatch(m -> "incoming".equals(m.getString("type"))),
            "agent-" + (i + 1) + " must not ring through Twilio");
      }
    }
    call.hangUp().await();
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
  }

  @Test
  @DisplayName("when every rung agent declines, the caller is sent to voicemail at once, not after the ring timeout")
  void allDeclinesSendTheCallerToVoicemailAtOnce() {
    List<String> agents = StackHarness.agents(2);
    h.available.addAll(agents);
    List<SimDevice> devices = agents.stream().map(h.sim::device).toList();
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    List<IncomingCall> rings = devices.stream().map(d -> d.nextIncoming(WITHIN).await()).toList();
    decline(call.sid(), "agent-1");
    decline(call.sid(), "agent-2");
    call.awaitEvent("redirected", WITHIN).await();
    for (IncomingCall ring : rings) {
      ring.awaitCancel(WITHIN).await();
    }
    call.awaitEvent("recorded", WITHIN).await();
    assertTrue(call.heard().stream().anyMatch(t -> t.contains("leave a message")));
    assertTrue(call.events().stream().noneMatch(e -> e.type().equals("dial-ended")
        && "no-answer".equals(e.get("DialCallStatus"))), "the ring timeout must not have been reached");
    CallView view = h.call(call.sid());
    assertEquals("all-declined", view.endReason());
  }
}
