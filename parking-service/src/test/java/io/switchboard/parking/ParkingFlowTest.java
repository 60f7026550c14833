package io.switchboard.parking;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.ORG;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.EndReasons;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.ParkRequest;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.UnparkRequest;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.stack.StackHarness;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parking end to end: telephony-sim, the real voice-webhook (park TwiML, hold music, connect), the
 * real claim-service and this service, on PostgreSQL. Timeouts are long by default (ring 200 s =
 * 2 s, park 3000 s = 30 s at the sim's scale) so only the tests about them reach them.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class ParkingFlowTest {
  StackHarness h;
  int callers;

  @BeforeEach
  void start(TestDatabase db) {
    h = StackHarness.start(db,
        List.of(new ClaimServiceModule(), new VoiceWebhookModule(), new ParkingServiceModule()), Map.of(
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "200", "SWITCHBOARD_PARK_TIMEOUT_SECONDS", "3000"));
  }

  @AfterEach
  void noOrphanRowsThenStop() {
    try {
      try {
        StackHarness.until(() -> orphans() == 0 ? Boolean.TRUE : null, "no orphan parked rows");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + h.rows("SELECT p.id, p.call_sid, p.state, c.status,"
            + " c.assigned_to, c.connected_at FROM parking.parked_calls p LEFT JOIN claims.calls c"
            + " ON c.call_sid = p.call_sid"), e);
      }
    } finally {
      h.close();
    }
  }

  long orphans() {
    return h.count("SELECT count(*) FROM parking.parked_calls p WHERE NOT EXISTS (SELECT 1 FROM claims.calls c"
        + " WHERE c.call_sid = p.call_sid AND c.status = 'parked')");
  }

  record Live(SimCall caller, IncomingCall leg) {}

  /** A caller connected to {@code agent} (only that agent available while it rings). */
  Live connected(String agent) {
    List<String> before = List.copyOf(h.available);
    h.setAvailable(agent);
    SimDevice device = h.sim.device(agent);
    SimCall caller = h.sim.inboundCall("+1555000" + String.format("%04d", ++callers), NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    h.available.clear();
    h.available.addAll(before);
    assertTrue(h.claim(caller.sid(), agent).won());
    ring.accept().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ACTIVE, "active");
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "connected");
    return new Live(caller, ring);
  }

  ParkedView park(String callSid, String agent) {
    return ParkedView.fromJson(h.request(Addresses.PARKING_PARK,
        new ParkRequest(callSid, agent, new Actor(agent, ORG, Role.AGENT)).toJson()));
  }

  Future<JsonObject> unparkAsync(String parkedId, String target, String by) {
    // the target's phone listens before the caller is redirected to it: a device registered after its
    // ring never hears it (this raced under load and left the call ringing nobody)
    h.sim.device(target);
    return Bus.request(h.vertx.eventBus(), Addresses.PARKING_UNPARK,
        new UnparkRequest(parkedId, target, new Actor(by, ORG, Role.AGENT)).toJson());
  }

  CallView unpark(String parkedId, String target, String by) {
    return CallView.fromJson(unparkAsync(parkedId, target, by).await());
  }

  /** The caller is alone in the parking conference, hearing the hold music. */
  void assertInTheLot(SimCall caller, ParkedView parked) {
    StackHarness.until(() -> h.sim.conferenceParticipants(parked.conferenceName()).contains(caller.sid())
        ? Boolean.TRUE : null, "caller in " + parked.conferenceName());
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.PARKED, "parked");
  }

  /** Rings {@code agent}, which answers; the call is then active for it and out of the lot. */
  IncomingCall answerOn(String agent, SimCall caller) {
    IncomingCall ring = h.sim.device(agent).nextIncoming(WITHIN).await();
    assertEquals(caller.sid(), ring.parameters().get("callSid"));
    ring.accept().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ACTIVE && agent.equals(c.assignedTo()), "active for " + agent);
    StackHarness.until(() -> h.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + caller.sid() + "'")
        == 0 ? Boolean.TRUE : null, "out of the lot");
    return ring;
  }

  @Test
  @DisplayName("A parks: hold message, caller alone in the conference with hold music, parked delta; B retrieves it")
  void agentAParksAndAgentBRetrieves() {
    Live call = connected("agent-a");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertEquals(call.caller().sid(), parked.callSid());
    assertEquals("agent-a", parked.parkedBy());
    assertTrue(parked.conferenceName().startsWith("park-" + call.caller().sid() + "-"));
    assertTrue(parked.timeoutAt().isAfter(parked.parkedAt()));
    assertInTheLot(call.caller(), parked);
    call.leg().awaitDisconnect(WITHIN).await();
    assertTrue(call.caller().heard().contains("Your call is being placed on hold."));
    call.caller().awaitEvent("conference-waiting", WITHIN).await();
    call.caller().awaitEvent(e -> e.type().equals("play") && e.get("url").endsWith("/twilio/media/hold-music.wav"),
        "built-in hold music", WITHIN).await();
    JsonObject delta = h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "upsert".equals(d.getString("op")),
        "parked upsert");
    assertNotNull(delta.getJsonObject("data").getString("timeoutAt"));
    assertNotNull(delta.getJsonObject("data").getString("parkedAt"));
    assertEquals(1, parked.spot(), "the first call in the lot is in spot 1");
    assertEquals(1, delta.getJsonObject("data").getInteger("spot"), "the board's delta shows the spot");
    StackHarness.until(() -> h.count("SELECT count(*) FROM parking.parked_calls WHERE conference_sid LIKE 'CF%' AND id = '"
        + parked.parkedId() + "'") == 1
        ? Boolean.TRUE : null, "conference SID filled in by the status callback");

    h.setAvailable("agent-b");
    CallView active = unpark(parked.parkedId(), "agent-b", "agent-a");
    assertEquals("agent-b", active.assignedTo());
    h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "remove".equals(d.getString("op")), "parked removed");
    answerOn("agent-b", call.caller());
    call.caller().hangUp().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ENDED, "ended");
  }

  @Test
  @DisplayName("park chain: A parks, B retrieves and parks again, C retrieves")
  void parkChainAtoBtoC() {
    Live call = connected("agent-a");
    ParkedView first = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), first);
    h.setAvailable("agent-b", "agent-c");
    unpark(first.parkedId(), "agent-b", "agent-b");
    IncomingCall legB = answerOn("agent-b", call.caller());
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + call.caller().sid() + "'") == 1 ? Boolean.TRUE : null, "B connected");
    // B parks by its own leg's CallSid: parking finds the caller's call through the parent.
    ParkedView second = park(legB.callSid(), "agent-b");
    assertEquals(call.caller().sid(), second.callSid());
    assertInTheLot(call.caller(), second);
    unpark(second.parkedId(), "agent-c", "agent-a");
    answerOn("agent-c", call.caller());
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("three agents park three calls at once and each retrieves a different one")
  void threeAgentsParkAtOnceAndSwap() {
    List<String> agents = List.of("agent-a", "agent-b", "agent-c");
    List<Live> calls = new ArrayList<>();
    for (String agent : agents) {
      calls.add(connected(agent));
    }
    List<Future<JsonObject>> parking = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parking.add(Bus.request(h.vertx.eventBus(), Addresses.PARKING_PARK,
          new ParkRequest(calls.get(i).caller().sid(), agents.get(i),
              new Actor(agents.get(i), ORG, Role.AGENT)).toJson()));
    }
    List<ParkedView> parked = parking.stream().map(f -> ParkedView.fromJson(f.await())).toList();
    for (int i = 0; i < 3; i++) {
      assertInTheLot(calls.get(i).caller(), parked.get(i));
      calls.get(i).leg().awaitDisconnect(WITHIN).await();
    }
    h.setAvailable(agents.toArray(new String[0]));
    for (int i = 0; i < 3; i++) {
      String taker = agents.get((i + 1) % 3);
      unpark(parked.get(i).parkedId(), taker, taker);
    }
    for (int i = 0; i < 3; i++) {
      answerOn(agents.get((i + 1) % 3), calls.get(i).caller());
    }
    calls.forEach(c -> c.caller().hangUp().await());
  }

  @Test
  @DisplayName("an agent parks its call while a new call rings the others; both calls are tracked correctly")
  void parkWhileAnotherCallRings() {
    Live call = connected("agent-a");
    h.setAvailable("agent-b", "agent-c");
    SimCall second = h.sim.inboundCall("+15550009999", NUMBER).await();
    IncomingCall ringB = h.sim.device("agent-b").nextIncoming(WITHIN).await();
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), parked);
    assertTrue(h.claim(second.sid(), "agent-b").won());
    ringB.accept().await();
    h.awaitCall(second.sid(), c -> c.status() == CallStatus.ACTIVE && "agent-b".equals(c.assignedTo()), "B has call 2");
    assertEquals(CallStatus.PARKED, h.call(call.caller().sid()).status());
    h.setAvailable("agent-c");
    unpark(parked.parkedId(), "agent-c", "agent-a");
    answerOn("agent-c", call.caller());
    call.caller().hangUp().await();
    second.hangUp().await();
  }

  @Test
  @DisplayName("a parked call is retrieved while a new call rings; both end up active on different agents")
  void retrieveWhileAnotherCallRings() {
    Live call = connected("agent-a");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), parked);
    h.setAvailable("agent-a", "agent-b");
    SimCall second = h.sim.inboundCall("+15550008888", NUMBER).await();
    IncomingCall ringB = h.sim.device("agent-b").nextIncoming(WITHIN).await();
    h.sim.device("agent-a").nextIncoming(WITHIN).await();
    unpark(parked.parkedId(), "agent-a", "agent-a");
    IncomingCall retrieved = h.sim.device("agent-a").nextIncoming(WITHIN).await();
    assertEquals(call.caller().sid(), retrieved.parameters().get("callSid"));
    assertTrue(h.claim(second.sid(), "agent-b").won());
    ringB.accept().await();
    retrieved.accept().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ACTIVE && "agent-a".equals(c.assignedTo()), "A");
    h.awaitCall(second.sid(), c -> c.status() == CallStatus.ACTIVE && "agent-b".equals(c.assignedTo()), "B");
    call.caller().hangUp().await();
    second.hangUp().await();
  }

  @Test
  @DisplayName("the caller hanging up while parked leaves the lot, the removal published within a second")
  void callerHangsUpWhileParked() {
    Live call = connected("agent-a");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), parked);
    Instant hungUp = Instant.now();
    call.caller().hangUp().await();
    h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "remove".equals(d.getString("op"))
        && parked.parkedId().equals(d.getString("key")), "parked removal");
    assertTrue(Duration.between(hungUp, Instant.now()).toMillis() < 1_000, "removal published within a second");
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ENDED, "ended");
    assertEquals(0, h.count("SELECT count(*) FROM parking.parked_calls WHERE id = '" + parked.parkedId() + "'"));
    h.setAvailable("agent-b");
    ReplyAssert.code(FailureCode.NOT_FOUND, () -> unpark(parked.parkedId(), "agent-b", "agent-b"));
  }

  @Test
  @DisplayName("an unpark target who does not answer sends the caller back to the lot: same parked id, hold music again")
  void targetNotAnsweringPutsTheCallerBackInTheLot() {
    Live call = connected("agent-a");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), parked);
    h.setAvailable("agent-b");
    unpark(parked.parkedId(), "agent-b", "agent-a");
    IncomingCall ring = h.sim.device("agent-b").nextIncoming(WITHIN).await();
    ring.reject().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.PARKED, "parked again");
    StackHarness.until(() -> h.sim.conferenceParticipants(parked.conferenceName()).contains(call.caller().sid())
        ? Boolean.TRUE : null, "back in the conference");
    JsonObject back = h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "upsert".equals(d.getString("op"))
        && d.getLong("version") > parked.version() + 1, "back in the lot");
    assertEquals(parked.parkedId(), back.getString("key"));
    assertTrue(call.caller().isLive(), "never hung up on");
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("two agents drag the same parked call at once: exactly one unpark wins, the other gets 409")
  void twoSimultaneousUnparksHaveOneWinner() {
    Live call = connected("agent-a");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertInTheLot(call.caller(), parked);
    h.setAvailable("agent-b", "agent-c");
    Future<JsonObject> b = unparkAsync(parked.parkedId(), "agent-b", "agent-b");
    Future<JsonObject> c = unparkAsync(parked.parkedId(), "agent-c", "agent-c");
    Future.join(b, c).transform(ar -> Future.succeededFuture()).await();
    assertEquals(1, (b.succeeded() ? 1 : 0) + (c.succeeded() ? 1 : 0));
    Throwable lost = b.failed() ? b.cause() : c.cause();
    assertEquals(FailureCode.CONFLICT, Failures.code(lost));
    String winner = b.succeeded() ? "agent-b" : "agent-c";
    answerOn(winner, call.caller());
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("only the agent holding a call (or an admin) may park it")
  void onlyTheHolderOrAnAdminMayPark() {
    Live call = connected("agent-a");
    ReplyAssert.code(FailureCode.FORBIDDEN, () -> h.request(Addresses.PARKING_PARK,
        new ParkRequest(call.caller().sid(), "agent-b", new Actor("agent-b", ORG, Role.AGENT)).toJson()));
    ReplyAssert.code(FailureCode.FORBIDDEN, () -> h.request(Addresses.PARKING_PARK,
        new ParkRequest(call.caller().sid(), "agent-a", new Actor("agent-b", ORG, Role.AGENT)).toJson()));
    ParkedView parked = ParkedView.fromJson(h.request(Addresses.PARKING_PARK,
        new ParkRequest(call.caller().sid(), "agent-a", new Actor("boss", ORG, Role.ADMIN)).toJson()));
    assertInTheLot(call.caller(), parked);
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("a park timeout rings the parker back; unanswered, it rings every available agent")
  void parkTimeoutRingsTheParkerBack() {
    h.orgs.put(ORG, new OrgView(ORG, "Org A", null, 10, null));
    Live call = connected("agent-a");
    h.setAvailable("agent-a", "agent-b");
    ParkedView parked = park(call.caller().sid(), "agent-a");
    assertTrue(Duration.between(parked.parkedAt(), parked.timeoutAt()).toMillis() <= 200, "10 s at scale 0.01");
    IncomingCall ringBack = h.sim.device("agent-a").nextIncoming(WITHIN).await();
    assertEquals(call.caller().sid(), ringBack.parameters().get("callSid"));
    ringBack.reject().await();
    IncomingCall everyone = h.sim.device("agent-b").nextIncoming(WITHIN).await();
    assertEquals(call.caller().sid(), everyone.parameters().get("callSid"));
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.RINGING, "ringing again");
    assertEquals(0, h.count("SELECT count(*) FROM parking.parked_calls WHERE id = '" + parked.parkedId() + "'"));
    // agent-b was not rung for the original call: the re-ring must let it answer.
    assertTrue(h.claim(call.caller().sid(), "agent-b").won());
    everyone.accept().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ACTIVE && "agent-b".equals(c.assignedTo()),
        "answered by agent-b");
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("a park timeout whose parker is offline rings every available agent at once, never the parker")
  void parkTimeoutOfAnOfflineParkerRingsEveryoneAtOnce() {
    h.orgs.put(ORG, new OrgView(ORG, "Org A", null, 10, null));
    Live call = connected("agent-a");
    h.setAvailable("agent-b"); // agent-a went offline while the call was parked
    ParkedView parked = park(call.caller().sid(), "agent-a");
    SimDevice parker = h.sim.device("agent-a");

    IncomingCall everyone = h.sim.device("agent-b").nextIncoming(WITHIN).await();
    assertEquals(call.caller().sid(), everyone.parameters().get("callSid"));
    assertThrows(TimeoutException.class, () -> parker.nextIncoming(Duration.ofMillis(500)).await(),
        "the offline parker was rung");
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.RINGING && c.rungAgents().equals(List.of("agent-b")),
        "ringing agent-b");
    assertEquals(0, h.count("SELECT count(*) FROM parking.parked_calls WHERE id = '" + parked.parkedId() + "'"));
    assertTrue(h.claim(call.caller().sid(), "agent-b").won());
    everyone.accept().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ACTIVE && "agent-b".equals(c.assignedTo()),
        "answered by agent-b");
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("a park timeout with the parker offline and nobody available sends the caller to voicemail at once")
  void parkTimeoutWithNobodyToRingGoesToVoicemail() {
    h.orgs.put(ORG, new OrgView(ORG, "Org A", null, 10, null));
    Live call = connected("agent-a");
    h.setAvailable();
    park(call.caller().sid(), "agent-a");
    SimDevice parker = h.sim.device("agent-a");

    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.VOICEMAIL, "in voicemail");
    assertThrows(TimeoutException.class, () -> parker.nextIncoming(Duration.ofMillis(300)).await(),
        "the offline parker was rung");
    call.caller().hangUp().await();
  }

  @Test
  @DisplayName("a parked caller who hung up while the status webhook was lost is ended at the park timeout, never rung back")
  void parkedCallerGoneWithTheWebhookLostIsEndedNotRungBack() throws Exception {
    // 100 s at scale 0.01: the caller hangs up well before the timeout
    h.orgs.put(ORG, new OrgView(ORG, "Org A", null, 100, null));
    Live call = connected("agent-a");
    h.setAvailable("agent-a");
    h.sim.faults().loseWebhooks(TwilioPaths.CALL_STATUS, 10);
    ParkedView parked = park(call.caller().sid(), "agent-a");
    call.caller().hangUp().await();
    h.awaitCall(call.caller().sid(), c -> c.status() == CallStatus.ENDED && EndReasons.CALLER_HUNG_UP.equals(c.endReason()),
        "ended at the park timeout");
    assertEquals(0, h.count("SELECT count(*) FROM parking.parked_calls WHERE id = '" + parked.parkedId() + "'"));
    h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "remove".equals(d.getString("op"))
        && parked.parkedId().equals(d.getString("key")) && d.getLong("version") > parked.version(), "parked removal");
    // The parker was never made busy by a ring-back of a call that is gone.
    List<CallStatus> changes = h.callChanges.stream().map(CallView::fromJson)
        .filter(c -> c.callSid().equals(call.caller().sid())).map(CallView::status).toList();
    assertEquals(List.of(CallStatus.PARKED, CallStatus.ENDED),
        changes.subList(changes.indexOf(CallStatus.PARKED), changes.size()), "never unparked to the parker: " + changes);
  }

  @Test
  @DisplayName("Twilio stalls during a park past the SDK's timeout: undone, then redone when the caller reaches the lot; the parker is told and anyone can retrieve it")
  void parkStalledPastTheTimeoutEndsInTheLotNotLost() {
    // a day (864 s at scale 0.01): the park timeout must not fire while Twilio stalls for 36 s
    h.orgs.put(ORG, new OrgView(ORG, "Org A", null, 86_400, null));
    Live call = connected("agent-a");
    String sid = call.caller().sid();
    List<JsonObject> notices = new CopyOnWriteArrayList<>();
    h.vertx.eventBus().<JsonObject>consumer(Addresses.agent("agent-a"), m -> notices.add(m.body()));
    // Twilio takes the redirect but answers only after the SDK has given up (30.5 s).
    h.sim.faults().delayNext("POST", "/Calls/" + sid + ".json", Duration.ofSeconds(36), 1);
    Future<JsonObject> parking = Bus.request(h.vertx.eventBus(), Addresses.PARKING_PARK,
        new ParkRequest(sid, "agent-a", new Actor("agent-a", ORG, Role.AGENT)).toJson(), 60_000);
    parking.transform(ar -> Future.succeededFuture()).await();
    assertEquals(FailureCode.UNAVAILABLE, Failures.code(parking.cause()), String.valueOf(parking.cause()));
    CallView undone = h.call(sid);
    assertEquals(CallStatus.ACTIVE, undone.status(), "undone: the caller was still with the agent");
    assertEquals("agent-a", undone.assignedTo());
    assertEquals(0, h.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + sid + "'"));

    // Then the redirect lands: the caller is in the park conference, and the lot and the call say so.
    StackHarness.until(() -> h.count("SELECT count(*) FROM parking.parked_calls WHERE state = 'parked' AND call_sid = '"
        + sid + "'") == 1 ? Boolean.TRUE : null, "back in the lot");
    h.awaitCall(sid, c -> c.status() == CallStatus.PARKED, "parked after all");
    String conference = column("conference_name", sid);
    StackHarness.until(() -> h.sim.conferenceParticipants(conference).contains(sid) ? Boolean.TRUE : null,
        "the caller in the park conference");
    StackHarness.until(() -> notices.stream().anyMatch(n -> "parked".equals(n.getString("type")) && sid.equals(n.getString("callSid")))
        ? Boolean.TRUE : null, "the parker told");

    String parkedId = column("id", sid);
    h.setAvailable("agent-b");
    unpark(parkedId, "agent-b", "agent-b");
    answerOn("agent-b", call.caller());
    call.caller().hangUp().await();
  }

  String column(String name, String callSid) {
    return h.pool.query("SELECT " + name + " FROM parking.parked_calls WHERE call_sid = '" + callSid + "'").execute()
        .await().iterator().next().getString(0);
  }

  /** Asserts a failure code. */
  static final class ReplyAssert {
    static void code(FailureCode expected, Runnable action) {
      RuntimeException e = assertThrows(RuntimeException.class, action::run);
      assertEquals(expected, Failures.code(e), e.toString());
    }
  }
}
