package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.ORG;
import static io.switchboard.stack.StackHarness.OTHER_ORG;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.HangupRequest;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.stack.StackHarness;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code calls.hangup}, the one way to hang a call up from the server: the call's own agent its active
 * call, an admin any live call of its org (stuck ones included), against telephony-sim and the real
 * claim-service.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class CallHangupTest {
  static final String CALLER = "+15551112222";
  static final Actor AGENT_1 = new Actor("agent-1", ORG, Role.AGENT);
  static final Actor AGENT_2 = new Actor("agent-2", ORG, Role.AGENT);
  static final Actor BOSS = new Actor("boss", ORG, Role.ADMIN);
  StackHarness h;

  @BeforeEach
  void start(TestDatabase db) {
    // Rings 600 s (6 s at the sim's scale): long enough to claim and answer on a loaded machine.
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), Map.of("SWITCHBOARD_RING_TIMEOUT_SECONDS", "600"));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** A caller connected to agent-1, and agent-1's leg. */
  record Live(SimCall caller, IncomingCall leg) {}

  Live connected() {
    h.setAvailable("agent-1");
    var device = h.sim.device("agent-1");
    SimCall caller = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    assertTrue(h.claim(caller.sid(), "agent-1").won());
    ring.accept().await();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "connected");
    return new Live(caller, ring);
  }

  /** The reply, failed or not, once it is in. */
  Future<JsonObject> hangup(String callSid, Actor actor) {
    var reply = Bus.request(h.vertx.eventBus(), Addresses.CALLS_HANGUP, new HangupRequest(callSid, actor).toJson());
    reply.transform(ar -> Future.succeededFuture()).await();
    return reply;
  }

  static void assertCode(FailureCode expected, Future<JsonObject> reply) {
    assertTrue(reply.failed(), "expected " + expected + ", got " + reply.result());
    assertEquals(expected, Failures.code(reply.cause()), reply.cause().toString());
  }

  @Test
  @DisplayName("the call's own agent hangs it up from the server (its phone does not hold the leg): the caller is"
      + " hung up and the call ends as agent-hung-up; another agent 403, another org 404 like an unknown call,"
      + " an ended call 409")
  void theCallsOwnAgentHangsItUpFromTheServer() {
    Live call = connected();
    String sid = call.caller().sid();
    assertCode(FailureCode.FORBIDDEN, hangup(sid, AGENT_2));
    assertCode(FailureCode.NOT_FOUND, hangup(sid, new Actor("agent-1", OTHER_ORG, Role.AGENT)));
    assertCode(FailureCode.NOT_FOUND, hangup(sid, new Actor("boss-b", OTHER_ORG, Role.ADMIN)));
    var unknown = hangup("CA" + "0".repeat(32), AGENT_1);
    assertCode(FailureCode.NOT_FOUND, unknown);
    var foreign = hangup(sid, new Actor("agent-1", OTHER_ORG, Role.AGENT));
    assertEquals(unknown.cause().getMessage(), foreign.cause().getMessage(), "another org's call reads as unknown");
    assertTrue(call.caller().isLive(), "a refused hang-up changes nothing");
    assertEquals(CallStatus.ACTIVE, h.call(sid).status());
    // Only this hang-up may end it (else Twilio's status callback may win the race, which is also fine).
    h.sim.faults().loseWebhooks(TwilioPaths.CALL_STATUS, 10);

    CallView ended = CallView.fromJson(hangup(sid, AGENT_1).await());

    assertEquals(CallStatus.ENDED, ended.status());
    assertEquals("agent-hung-up", ended.endReason());
    assertEquals(1, h.count("SELECT count(*) FROM claims.ring_events WHERE call_sid = '" + sid
        + "' AND event_type = 'ended' AND actor_id = 'agent-1' AND detail = 'agent-hung-up'"),
        "the timeline records who hung up: " + h.rows("SELECT * FROM claims.ring_events WHERE call_sid = '" + sid + "'"));
    StackHarness.until(() -> call.caller().isLive() ? null : Boolean.TRUE, "the caller is hung up");
    call.leg().awaitDisconnect(WITHIN).await();
    var again = hangup(sid, AGENT_1);
    assertCode(FailureCode.CONFLICT, again);
    assertEquals(ended.version(), h.call(sid).version(), "the 409 changed nothing");
  }

  @Test
  @DisplayName("an agent may hang up only its own active call: a ringing call, even one ringing it, is nobody's yet (403)")
  void anAgentCannotHangUpACallThatIsNotItsActiveOne() {
    h.setAvailable("agent-1");
    SimCall caller = h.sim.inboundCall(CALLER, NUMBER).await();
    h.sim.device("agent-1").nextIncoming(WITHIN).await();
    assertCode(FailureCode.FORBIDDEN, hangup(caller.sid(), AGENT_1));
    assertTrue(caller.isLive());
    assertEquals(CallStatus.RINGING, h.call(caller.sid()).status());
    caller.hangUp().await();
  }

  @Test
  @DisplayName("an admin of the org hangs up any agent's call from the server: the caller and the agent's leg are"
      + " hung up, the call ended (by us or by Twilio's status callback, whichever comes first)")
  void anAdminHangsUpAnAgentsCall() {
    Live call = connected();
    CallView ended = CallView.fromJson(hangup(call.caller().sid(), BOSS).await());
    assertEquals(CallStatus.ENDED, ended.status());
    assertTrue(List.of("ended-by-admin", "completed").contains(ended.endReason()), ended.endReason());
    StackHarness.until(() -> call.caller().isLive() ? null : Boolean.TRUE, "the caller is hung up");
    call.leg().awaitDisconnect(WITHIN).await();
  }

  @Test
  @DisplayName("an admin ends a stuck call (its status webhooks lost): hung up at Twilio, ended here; again returns it"
      + " as it is; agents 403, other orgs and unknown calls 404")
  void anAdminEndsAStuckCall() {
    SimCall caller = connected().caller();
    h.sim.faults().loseWebhooks(TwilioPaths.CALL_STATUS, 10);
    var byAgent = hangup(caller.sid(), AGENT_2);
    var byOtherOrg = hangup(caller.sid(), new Actor("boss-b", OTHER_ORG, Role.ADMIN));
    var unknown = hangup("CA" + "0".repeat(32), BOSS);
    assertCode(FailureCode.FORBIDDEN, byAgent);
    assertCode(FailureCode.NOT_FOUND, byOtherOrg);
    assertCode(FailureCode.NOT_FOUND, unknown);
    assertEquals(unknown.cause().getMessage(), byOtherOrg.cause().getMessage());
    assertTrue(caller.isLive(), "refused requests hung nobody up");

    var ended = CallView.fromJson(hangup(caller.sid(), BOSS).await());
    assertEquals(CallStatus.ENDED, ended.status());
    assertEquals("ended-by-admin", ended.endReason());
    assertEquals(1, h.count("SELECT count(*) FROM claims.ring_events WHERE call_sid = '" + caller.sid()
        + "' AND event_type = 'ended' AND actor_id = '" + BOSS.id() + "'"), "the timeline records which admin ended it");
    caller.awaitEnd(WITHIN).await();
    // Again: it is over, and the answer says so.
    var again = CallView.fromJson(hangup(caller.sid(), BOSS).await());
    assertEquals(ended.version(), again.version());
    assertEquals("ended-by-admin", again.endReason());
  }

  @Test
  @DisplayName("an admin ends a call stuck on the board that Twilio no longer knows, whatever its state (ringing)")
  void anAdminEndsACallTwilioNoLongerKnows() {
    String sid = "CA" + "7".repeat(32);
    Bus.request(h.vertx.eventBus(), Addresses.CALLS_CREATE, new CreateCall(sid, ORG, CALLER, NUMBER, RingMode.DIAL,
        List.of("agent-1")).toJson()).await();
    assertEquals(CallStatus.RINGING, h.call(sid).status());

    CallView ended = CallView.fromJson(hangup(sid, BOSS).await());

    assertEquals(CallStatus.ENDED, ended.status());
    assertEquals("ended-by-admin", ended.endReason());
  }

  @Test
  @DisplayName("Twilio answering 404 to the agent's hang-up means the caller is gone: the call is ended here anyway")
  void twilioNoLongerKnowingTheAgentsCallStillEndsIt() {
    Live call = connected();
    String sid = call.caller().sid();
    h.sim.faults().failNext("POST", "/Calls/" + sid, 404, 1);

    CallView ended = CallView.fromJson(hangup(sid, AGENT_1).await());

    assertEquals(CallStatus.ENDED, ended.status());
    assertEquals("agent-hung-up", ended.endReason());
    assertEquals(1, h.sim.faults().injected());
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("Twilio unavailable: 503 with our own message (never Twilio's text), the call is left as it was")
  void twilioUnavailableIsA503AndChangesNothing() {
    Live call = connected();
    String sid = call.caller().sid();
    for (Actor actor : List.of(AGENT_1, BOSS)) {
      h.sim.faults().failNext("POST", "/Calls/" + sid, 503, 10);
      var reply = hangup(sid, actor);
      h.sim.faults().clear();
      assertCode(FailureCode.UNAVAILABLE, reply);
      assertEquals(new JsonObject().put("error", "UNAVAILABLE").put("message", CallHangup.TWILIO_UNAVAILABLE),
          new JsonObject(reply.cause().getMessage()), actor.role() + " asked");
      assertFalse(reply.cause().getMessage().contains(TestConfigs.ACCOUNT_SID));
      assertTrue(call.caller().isLive(), "the caller is still there");
      assertEquals(CallStatus.ACTIVE, h.call(sid).status(), "nothing changed");
    }
    h.sim.faults().loseWebhooks(TwilioPaths.CALL_STATUS, 10);
    assertEquals("agent-hung-up", CallView.fromJson(hangup(sid, AGENT_1).await()).endReason(), "once Twilio is back");
    StackHarness.until(() -> call.caller().isLive() ? null : Boolean.TRUE, "the caller is hung up");
  }
}
