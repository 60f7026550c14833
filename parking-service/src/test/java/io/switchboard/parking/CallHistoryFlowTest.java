package io.switchboard.parking;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.ORG;
import static io.switchboard.stack.StackHarness.OTHER_ORG;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallTimeline;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CallerHistory;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.HistoryCall;
import io.switchboard.common.contract.HistoryEvent;
import io.switchboard.common.contract.HistoryPage;
import io.switchboard.common.contract.HistoryQuery;
import io.switchboard.common.contract.ParkRequest;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.UnparkRequest;
import io.switchboard.common.contract.VoicemailList;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.stack.StackHarness;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Call history end to end: calls built through telephony-sim and the real voice-webhook, claim and
 * parking services; each call's timeline is read back in order, the search filters pick the right
 * calls, and the screen-pop a ringing call carries counts the caller's earlier calls.
 */
@ExtendWith(PgTestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallHistoryFlowTest {
  static final String CALLER = "+15551230001";
  static final String STRANGER = "+15557770002";
  StackHarness h;
  String answeredSid;
  String voicemailSid;
  Instant started;

  @BeforeAll
  void start(TestDatabase db) {
    h = StackHarness.start(db,
        List.of(new ClaimServiceModule(), new VoiceWebhookModule(), new ParkingServiceModule()), Map.of(
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "200", "SWITCHBOARD_PARK_TIMEOUT_SECONDS", "3000"));
    started = Instant.now().minusSeconds(1);
    answeredSid = declinedAnsweredParkedRetrievedAndHungUp();
    voicemailSid = leftAVoicemail();
  }

  @AfterAll
  void stop() {
    h.close();
  }

  static Actor agent(String id) {
    return new Actor(id, ORG, Role.AGENT);
  }

  /** Rings alice and bob; bob declines, alice answers and parks, carol hands it to bob, the caller hangs up. */
  String declinedAnsweredParkedRetrievedAndHungUp() {
    h.setAvailable("alice", "bob");
    h.sim.device("alice");
    h.sim.device("bob");
    SimCall caller = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall aliceRing = h.sim.device("alice").nextIncoming(WITHIN).await();
    h.sim.device("bob").nextIncoming(WITHIN).await();
    h.request(Addresses.CLAIMS_DECLINE, new DeclineRequest(caller.sid(), agent("bob")).toJson());
    assertTrue(h.claim(caller.sid(), "alice").won());
    aliceRing.accept().await();
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "alice connected");
    ParkedView parked = ParkedView.fromJson(h.request(Addresses.PARKING_PARK,
        new ParkRequest(caller.sid(), "alice", agent("alice")).toJson()));
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.PARKED, "parked");
    StackHarness.until(() -> h.sim.conferenceParticipants(parked.conferenceName()).contains(caller.sid())
        ? Boolean.TRUE : null, "caller in the lot");
    h.setAvailable("bob");
    h.request(Addresses.PARKING_UNPARK, new UnparkRequest(parked.parkedId(), "bob", agent("carol")).toJson());
    IncomingCall bobRing = h.sim.device("bob").nextIncoming(WITHIN).await();
    bobRing.accept().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ACTIVE && "bob".equals(c.assignedTo())
        && c.connectedAt() != null, "connected to bob");
    // Hang up once the hand-over is settled (out of the lot), as ParkingFlowTest does: a caller hanging up at
    // the very moment the hand-over connects can still be put back in the lot for an instant (the timeline
    // then shows, truthfully, a 'parked' by Switchboard before the end).
    StackHarness.until(() -> h.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + caller.sid()
        + "'") == 0 ? Boolean.TRUE : null, "out of the lot");
    caller.hangUp().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    h.available.clear();
    return caller.sid();
  }

  /** Nobody available: the same caller leaves a voicemail. */
  String leftAVoicemail() {
    SimCall caller = h.sim.inboundCall(CALLER, NUMBER).await();
    caller.awaitEvent("recorded", WITHIN).await();
    caller.awaitEnd(WITHIN).await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    StackHarness.until(() -> h.count("SELECT count(*) FROM voice.voicemails WHERE call_sid = '" + caller.sid() + "'")
        == 1 ? Boolean.TRUE : null, "voicemail stored");
    return caller.sid();
  }

  CallTimeline timeline(String callSid, Actor actor) {
    return CallTimeline.fromJson(h.request(Addresses.CALLS_TIMELINE, new CallLookup(callSid, actor).toJson()));
  }

  HistoryPage search(String number, String agentId, Instant since, Instant until, String outcome) {
    return HistoryPage.fromJson(h.request(Addresses.CALLS_HISTORY,
        new HistoryQuery(agent("ann"), number, agentId, since, until, outcome, 0, 25).toJson()));
  }

  /** The failure code of a request that must fail (null if it succeeded). */
  static FailureCode failureOf(Future<?> request) {
    try {
      request.await();
      return null;
    } catch (Throwable t) {
      return Failures.code(t);
    }
  }

  static List<String> sids(HistoryPage page) {
    return page.calls().stream().map(HistoryCall::callSid).toList();
  }

  @Test
  void anAnsweredCallKeepsEveryRingDeclineClaimAnswerParkRetrievalAndItsEndInOrder() {
    CallTimeline t = timeline(answeredSid, agent("ann"));
    List<String> types = t.events().stream().map(HistoryEvent::type).toList();
    assertEquals(List.of("arrived", "ring_start", "declined", "answered", "connected", "parked", "retrieved",
        "connected", "ended"), types, t.events().toString());
    List<HistoryEvent> e = t.events();
    assertEquals(List.of("alice", "bob"), e.get(1).agentIds(), "who rang");
    assertEquals("bob", e.get(2).agentId(), "who declined");
    assertEquals("alice", e.get(3).agentId(), "the claim's winner");
    assertEquals("alice", e.get(4).agentId());
    assertEquals("alice", e.get(5).actorId(), "who parked");
    assertEquals("bob", e.get(6).agentId(), "handed to");
    assertEquals("carol", e.get(6).actorId(), "handed by");
    assertEquals("bob", e.get(7).agentId());
    assertNotNull(e.get(8).detail(), "why it ended");
    for (int i = 1; i < e.size(); i++) {
      assertTrue(!e.get(i).at().isBefore(e.get(i - 1).at()), "in time order: " + e);
    }
    assertEquals("answered", t.call().outcome());
    assertEquals("bob", t.call().agentId(), "who last talked to the caller");
    assertEquals(1, t.call().parks());
  }

  @Test
  void aVoicemailCallRecordsWhyItWentToVoicemailAndTheRecordingIsOnItsCall() {
    CallTimeline t = timeline(voicemailSid, agent("ann"));
    assertEquals(List.of("arrived", "ring_start", "voicemail", "ended"),
        t.events().stream().map(HistoryEvent::type).toList(), t.events().toString());
    assertEquals("no-agents", t.events().get(2).detail());
    assertEquals("voicemail", t.call().outcome());
    VoicemailList recorded = VoicemailList.fromJson(h.request(Addresses.VOICEMAILS_OF_CALL,
        new CallLookup(voicemailSid, agent("ann")).toJson()));
    assertEquals(1, recorded.voicemails().size());
    VoicemailList foreign = VoicemailList.fromJson(h.request(Addresses.VOICEMAILS_OF_CALL,
        new CallLookup(voicemailSid, new Actor("x", OTHER_ORG, Role.ADMIN)).toJson()));
    assertTrue(foreign.voicemails().isEmpty(), "another org sees no recording");
  }

  @Test
  void anotherOrgsCallIsNotFoundLikeAnUnknownOne() {
    assertEquals(FailureCode.NOT_FOUND, failureOf(Bus.request(h.vertx.eventBus(), Addresses.CALLS_TIMELINE,
        new CallLookup(answeredSid, new Actor("x", OTHER_ORG, Role.ADMIN)).toJson())));
    assertEquals(FailureCode.NOT_FOUND, failureOf(Bus.request(h.vertx.eventBus(), Addresses.CALLS_TIMELINE,
        new CallLookup("CAnothing", agent("ann")).toJson())));
    HistoryPage other = HistoryPage.fromJson(h.request(Addresses.CALLS_HISTORY,
        new HistoryQuery(new Actor("x", OTHER_ORG, Role.ADMIN), null, null, null, null, null, 0, 25).toJson()));
    assertTrue(other.calls().isEmpty(), "another org's search finds none of these calls");
  }

  @Test
  void theSearchFiltersByNumberAgentTimeAndOutcome() {
    assertEquals(List.of(voicemailSid, answeredSid), sids(search(null, null, null, null, null)), "newest first");
    assertEquals(List.of(voicemailSid, answeredSid), sids(search("5551230001", null, null, null, null)));
    assertEquals(List.of(), sids(search(STRANGER, null, null, null, null)));
    assertEquals(List.of(answeredSid), sids(search(null, "bob", null, null, null)), "bob was handed the call");
    assertEquals(List.of(answeredSid), sids(search(null, "alice", null, null, null)));
    assertEquals(List.of(), sids(search(null, "carol", null, null, null)), "carol only handed it over");
    assertEquals(List.of(answeredSid), sids(search(null, null, null, null, "answered")));
    assertEquals(List.of(answeredSid), sids(search(null, null, null, null, "parked")));
    assertEquals(List.of(voicemailSid), sids(search(null, null, null, null, "voicemail")));
    assertEquals(List.of(), sids(search(null, null, null, null, "abandoned")));
    assertEquals(List.of(voicemailSid, answeredSid), sids(search(null, null, started, Instant.now(), null)));
    assertEquals(List.of(), sids(search(null, null, started.minusSeconds(3600), started, null)));
    HistoryPage first = HistoryPage.fromJson(h.request(Addresses.CALLS_HISTORY,
        new HistoryQuery(agent("ann"), null, null, null, null, null, 0, 1).toJson()));
    assertEquals(List.of(voicemailSid), sids(first));
    assertTrue(first.hasMore());
    HistoryPage second = HistoryPage.fromJson(h.request(Addresses.CALLS_HISTORY,
        new HistoryQuery(agent("ann"), null, null, null, null, null, 1, 1).toJson()));
    assertEquals(List.of(answeredSid), sids(second));
    assertTrue(!second.hasMore());
    assertEquals(FailureCode.BAD_REQUEST, failureOf(Bus.request(h.vertx.eventBus(), Addresses.CALLS_HISTORY,
        new JsonObject().put("actor", agent("ann").toJson()).put("outcome", "lost"))));
  }

  @Test
  @Order(Integer.MAX_VALUE) // places calls of its own: after the tests that count the calls
  void aRingingCallCarriesTheCallersPreviousCallsLastOutcomeAndOpenVoicemails() {
    h.setAvailable("dave");
    h.sim.device("dave");
    SimCall again = h.sim.inboundCall(CALLER, NUMBER).await();
    JsonObject delta = h.awaitDelta(d -> "call".equals(d.getString("kind"))
        && again.sid().equals(d.getJsonObject("data").getString("callSid"))
        && "ringing".equals(d.getJsonObject("data").getString("status")), "the ringing call on the board");
    CallerHistory known = CallView.fromJson(delta.getJsonObject("data")).callerHistory();
    assertNotNull(known, delta.encode());
    assertEquals(2, known.previousCalls());
    assertEquals(voicemailSid, known.lastCallSid());
    assertEquals("voicemail", known.lastOutcome());
    assertNull(known.lastAgent());
    assertEquals(1, known.openVoicemails());

    SimCall stranger = h.sim.inboundCall(STRANGER, NUMBER).await();
    CallView first = h.awaitCall(stranger.sid(), c -> c.callerHistory() != null, "the stranger's call");
    assertEquals(0, first.callerHistory().previousCalls());
    assertNull(first.callerHistory().lastOutcome());
    assertEquals(0, first.callerHistory().openVoicemails());
    again.hangUp().await();
    stranger.hangUp().await();
    h.awaitCall(again.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    h.awaitCall(stranger.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    h.available.clear();
  }
}
