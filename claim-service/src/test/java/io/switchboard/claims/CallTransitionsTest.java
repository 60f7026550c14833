package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static io.switchboard.claims.ClaimServiceClient.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CallerHistory;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state machine's requested transitions, declines, creation and reads. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallTransitionsTest {
  private static final String ORG = "org-sm";
  private static final Actor SYSTEM = Actor.system(ORG);
  private static final Map<Transition, EnumSet<CallStatus>> ALLOWED = Map.of(
      Transition.PARK, EnumSet.of(CallStatus.ACTIVE),
      Transition.UNPARK, EnumSet.of(CallStatus.PARKED),
      // ACTIVE: only a claim not yet connected (see theRingEndingSendsAnUnconnectedClaimToVoicemail...).
      Transition.VOICEMAIL, EnumSet.of(CallStatus.RINGING, CallStatus.ACTIVE),
      Transition.CONNECT, EnumSet.of(CallStatus.ACTIVE),
      Transition.RELEASE, EnumSet.of(CallStatus.ACTIVE),
      Transition.END, EnumSet.of(CallStatus.RINGING, CallStatus.ACTIVE, CallStatus.PARKED, CallStatus.VOICEMAIL));
  private static Vertx vertx;
  private static Pool pool;
  private static ClaimServiceClient client;

  @BeforeAll
  static void start(TestDatabase db) {
    RunningClaimService running = RunningClaimService.start(db);
    vertx = running.vertx();
    pool = running.pool();
    client = running.client();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Everything PostgreSQL holds about a call: its row, its claim and its ring events. */
  private static String everything(String callSid) {
    return pool.preparedQuery("""
            SELECT row_to_json(c)::text
              || coalesce((SELECT row_to_json(k)::text FROM claims.call_claims k WHERE k.call_sid = c.call_sid), '-')
              || (SELECT count(*) FROM claims.ring_events e WHERE e.call_sid = c.call_sid)
            FROM claims.calls c WHERE c.call_sid = $1""")
        .execute(Tuple.of(callSid)).await().iterator().next().getString(0);
  }

  /**
   * Ends whatever call alice is still on (an earlier call of the test): an agent on a live call may
   * not claim another, and the calls here are claimed by alice.
   */
  private static void hangUpAlice() {
    pool.query("UPDATE claims.calls SET status = 'ended', ended_at = now() WHERE assigned_to = 'alice'"
        + " AND status = 'active'").execute().await();
  }

  /** A call of this test in {@code status}, reached through the service's own transitions. */
  private static String callIn(CallStatus status, String sid) {
    hangUpAlice();
    client.create(sid, ORG, "alice", "bob").await();
    switch (status) {
      case RINGING -> { }
      case ACTIVE -> client.claim(sid, agent("alice", ORG)).await();
      case PARKED -> {
        client.claim(sid, agent("alice", ORG)).await();
        client.transition(sid, Transition.PARK, null, null, SYSTEM).await();
      }
      case VOICEMAIL -> client.transition(sid, Transition.VOICEMAIL, null, null, SYSTEM).await();
      case ENDED -> client.transition(sid, Transition.END, null, null, SYSTEM).await();
    }
    return sid;
  }

  private static Future<CallView> offer(String sid, Actor actor, String... agents) {
    return Bus.request(vertx.eventBus(), Addresses.CALLS_OFFER,
            new OfferCall(sid, List.of(agents), actor).toJson())
        .map(CallView::fromJson);
  }

  @Test
  void aReOfferedCallMayBeClaimedByTheNewlyRungAgentsOnly() {
    String sid = callIn(CallStatus.RINGING, "CA-offer-1");
    client.decline(sid, agent("alice", ORG)).await();
    CallView offered = offer(sid, SYSTEM, "carol", "dave").await();
    assertEquals(List.of("carol", "dave"), offered.rungAgents());
    assertTrue(offered.declinedBy().isEmpty(), "old declines are forgotten");
    assertEquals(CallStatus.RINGING, offered.status());
    long rings = ClaimServiceClient.count(pool,
        "SELECT count(*) FROM claims.ring_events WHERE call_sid = $1 AND event_type = 'ring_start'", sid);
    assertEquals(2, rings, "the original ring and the offer, each listing its agents");

    assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim(sid, agent("bob", ORG))), "no longer rung");
    var won = client.claim(sid, agent("carol", ORG)).await();
    assertTrue(won.won());
  }

  @Test
  void onlyARingingCallIsReOfferedAndOnlyBySwitchboard() {
    String active = callIn(CallStatus.ACTIVE, "CA-offer-active");
    String before = everything(active);
    assertEquals(FailureCode.CONFLICT, failureOf(offer(active, SYSTEM, "carol")));
    assertEquals(before, everything(active));

    String ringing = callIn(CallStatus.RINGING, "CA-offer-rules");
    assertEquals(FailureCode.FORBIDDEN, failureOf(offer(ringing, agent("alice", ORG), "alice")));
    assertEquals(FailureCode.BAD_REQUEST, failureOf(offer(ringing, SYSTEM)));
    assertEquals(FailureCode.NOT_FOUND, failureOf(offer(ringing, Actor.system("other-org"), "carol")));
    assertEquals(FailureCode.NOT_FOUND, failureOf(offer("CA-offer-none", SYSTEM, "carol")));
  }

  @Test
  void everyForbiddenTransitionIsAConflictAndChangesNothing() {
    int checked = 0;
    for (CallStatus status : CallStatus.values()) {
      String sid = callIn(status, "CA-forbid-" + status.name().toLowerCase());
      for (Transition transition : Transition.values()) {
        if (ALLOWED.get(transition).contains(status)) {
          continue;
        }
        String before = everything(sid);
        var attempt = client.transition(sid, transition, "bob", null, SYSTEM);
        assertEquals(FailureCode.CONFLICT, failureOf(attempt), transition + " from " + status);
        assertEquals(before, everything(sid), transition + " from " + status + " changed something");
        checked++;
      }
      String before = everything(sid);
      if (status != CallStatus.RINGING) {
        assertEquals(FailureCode.CONFLICT, failureOf(client.decline(sid, agent("bob", ORG))), "decline " + status);
        assertEquals(before, everything(sid));
      }
    }
    assertEquals(20, checked, "5 states x 6 transitions - 10 allowed");
  }

  @Test
  void aConnectedCallCanNeitherBeConnectedAgainNorReleased() {
    String sid = callIn(CallStatus.ACTIVE, "CA-connected");
    client.transition(sid, Transition.CONNECT, "alice", null, SYSTEM).await();
    String before = everything(sid);
    assertEquals(FailureCode.CONFLICT, failureOf(client.transition(sid, Transition.CONNECT, null, null, SYSTEM)));
    assertEquals(FailureCode.CONFLICT, failureOf(client.transition(sid, Transition.RELEASE, null, null, SYSTEM)));
    assertEquals(before, everything(sid));
  }

  @Test
  void aCallGoesThroughItsLifeOneVersionAtATimeAndLeavesTheBoardWhenItEnds() {
    List<JsonObject> board = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.board(ORG), m -> {
      if ("CA-life".equals(m.body().getString("key"))) {
        board.add(m.body());
      }
    }).completion().await();
    hangUpAlice();
    CallView created = client.create("CA-life", ORG, "alice", "bob").await();
    assertEquals(CallStatus.RINGING, created.status());
    long won = client.claim("CA-life", agent("alice", ORG)).await().version();
    CallView connected = client.transition("CA-life", Transition.CONNECT, "alice", null, SYSTEM).await();
    CallView parked = client.transition("CA-life", Transition.PARK, null, null, agent("alice", ORG)).await();
    CallView unparked = client.transition("CA-life", Transition.UNPARK, "bob", null, agent("bob", ORG)).await();
    CallView ended = client.transition("CA-life", Transition.END, null, "completed", agent("bob", ORG)).await();

    assertEquals(List.of(created.version() + 1, won + 1, connected.version() + 1, parked.version() + 1,
            unparked.version() + 1),
        List.of(won, connected.version(), parked.version(), unparked.version(), ended.version()));
    assertEquals(CallStatus.PARKED, parked.status());
    assertNotNull(parked.parkedAt());
    assertEquals("bob", unparked.assignedTo());
    assertEquals(CallStatus.ENDED, ended.status());
    assertEquals("completed", ended.endReason());
    long deadline = System.currentTimeMillis() + 5_000;
    while (board.size() < 6 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(6, board.size());
    JsonObject last = board.get(5);
    assertEquals("remove", last.getString("op"));
    assertEquals(ended.version(), last.getLong("version"));
  }

  @Test
  void transitionsCheckWhoAsks() {
    String sid = callIn(CallStatus.ACTIVE, "CA-who");
    assertEquals(FailureCode.FORBIDDEN,
        failureOf(client.transition(sid, Transition.END, null, null, agent("bob", ORG))), "not bob's call");
    assertEquals(FailureCode.NOT_FOUND,
        failureOf(client.transition(sid, Transition.PARK, null, null, agent("alice", "org-other"))));
    assertEquals(FailureCode.FORBIDDEN,
        failureOf(client.transition(sid, Transition.VOICEMAIL, null, null, agent("alice", ORG))));
    assertEquals(FailureCode.NOT_FOUND,
        failureOf(client.transition("CA-none", Transition.END, null, null, SYSTEM)));
    assertEquals(FailureCode.BAD_REQUEST,
        failureOf(client.transition(sid, Transition.UNPARK, null, null, SYSTEM)));
    assertEquals(FailureCode.BAD_REQUEST, failureOf(Bus.request(vertx.eventBus(), Addresses.CALLS_TRANSITION,
        new JsonObject().put("callSid", sid).put("transition", "teleport").put("actor", SYSTEM.toJson()))));
    assertEquals(CallStatus.ENDED,
        client.transition(sid, Transition.END, null, null, agent("alice", ORG)).await().status());
  }

  @Test
  void anAgentParksOnlyItsOwnCallAndAnAdminAnyCallOfItsOrg() {
    String sid = callIn(CallStatus.ACTIVE, "CA-park-rule");
    String before = everything(sid);
    assertEquals(FailureCode.FORBIDDEN,
        failureOf(client.transition(sid, Transition.PARK, null, null, agent("bob", ORG))), "alice's call");
    assertEquals(before, everything(sid), "a refused park changes nothing");
    assertEquals(CallStatus.PARKED,
        client.transition(sid, Transition.PARK, null, null, agent("alice", ORG)).await().status());

    String other = callIn(CallStatus.ACTIVE, "CA-park-admin");
    assertEquals(CallStatus.PARKED, client.transition(other, Transition.PARK, null, null,
        new Actor("boss", ORG, Role.ADMIN)).await().status());
  }

  @Test
  void anotherOrgsCallIsAnsweredExactlyLikeAnUnknownCall() {
    String sid = callIn(CallStatus.ACTIVE, "CA-foreign");
    Actor outsider = new Actor("boss", "org-other", Role.ADMIN);
    for (Transition t : Transition.values()) {
      assertEquals(ClaimServiceClient.failureBody(client.transition("CA-unknown", t, "bob", null, outsider)),
          ClaimServiceClient.failureBody(client.transition(sid, t, "bob", null, outsider)), t.toString());
    }
    JsonObject unknown = ClaimServiceClient.failureBody(client.get("CA-unknown", outsider));
    assertEquals("NOT_FOUND", unknown.getString("error"));
    assertEquals(unknown, ClaimServiceClient.failureBody(client.get(sid, outsider)));
    String ringing = callIn(CallStatus.RINGING, "CA-foreign-ringing");
    assertEquals(ClaimServiceClient.failureBody(client.decline("CA-unknown", outsider)),
        ClaimServiceClient.failureBody(client.decline(ringing, outsider)));
  }

  @Test
  void aCallersPreviousCallsAreCountedUpToTheScreenPopsCapSoAFrequentCallerCostsNoMore() {
    String org = "org-frequent";
    for (int i = 0; i <= CallerHistory.MAX_COUNTED + 4; i++) {
      CallView call = client.create("CA-frequent-" + i, org, "alice").await();
      assertEquals(Math.min(i, CallerHistory.MAX_COUNTED), call.callerHistory().previousCalls(), "call " + i);
    }
  }

  @Test
  void aRetriedCreateReturnsTheExistingCallAndCreatesNothingNew() {
    CallView first = client.create("CA-twice", ORG, "alice", "bob").await();
    String before = everything("CA-twice");
    CallView second = client.create("CA-twice", ORG, "alice", "bob").await();
    assertEquals(first, second);
    assertEquals(before, everything("CA-twice"));
    assertEquals(2, ClaimServiceClient.count(pool,
        "SELECT count(*) FROM claims.ring_events WHERE call_sid = $1", "CA-twice"), "one arrival, one ring");
    assertEquals(FailureCode.CONFLICT, failureOf(client.create("CA-twice", "org-other", "alice")));
    List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "agent" + i).toList();
    assertEquals(FailureCode.BAD_REQUEST, failureOf(client.create("CA-eleven", ORG, RingMode.DIAL, eleven)));
    assertEquals(FailureCode.BAD_REQUEST, failureOf(Bus.request(vertx.eventBus(), Addresses.CALLS_CREATE,
        new JsonObject().put("callSid", "CA-x").put("orgId", ORG))));
  }

  @Test
  void whenEveryRungAgentDeclinesTheCallGoesToVoicemailAtOnce() {
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> changes.add(m.body())).completion().await();
    client.create("CA-declined", ORG, "alice", "bob").await();

    CallView one = client.decline("CA-declined", agent("alice", ORG)).await();
    assertEquals(CallStatus.RINGING, one.status());
    assertEquals(List.of("alice"), one.declinedBy());
    CallView again = client.decline("CA-declined", agent("alice", ORG)).await();
    assertEquals(one, again);
    assertEquals(FailureCode.FORBIDDEN, failureOf(client.decline("CA-declined", agent("mallory", ORG))));

    CallView all = client.decline("CA-declined", agent("bob", ORG)).await();
    assertEquals(CallStatus.VOICEMAIL, all.status());
    assertEquals("all-declined", all.endReason());
    assertEquals(one.version() + 1, all.version());
    long deadline = System.currentTimeMillis() + 5_000;
    while (changes.stream().noneMatch(c -> "voicemail".equals(c.getString("status")))
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(changes.stream().anyMatch(c -> "CA-declined".equals(c.getString("callSid"))
        && "voicemail".equals(c.getString("status")) && "all-declined".equals(c.getString("endReason"))));
    assertEquals(2, ClaimServiceClient.count(pool,
        "SELECT count(*) FROM claims.ring_events WHERE call_sid = $1 AND event_type = 'declined'", "CA-declined"));
  }

  @Test
  void getShowsACallOnlyToItsOrg() {
    callIn(CallStatus.RINGING, "CA-get");
    assertEquals("CA-get", client.get("CA-get", agent("bob", ORG)).await().callSid());
    assertEquals(FailureCode.NOT_FOUND, failureOf(client.get("CA-get", agent("bob", "org-other"))), "as if unknown");
    assertEquals(FailureCode.NOT_FOUND, failureOf(client.get("CA-missing", agent("bob", ORG))));
  }

  @Test
  void theRingEndingSendsAnUnconnectedClaimToVoicemailDropsTheClaimAndTellsItsAgent() {
    List<JsonObject> notices = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.agent("alice"), m -> notices.add(m.body())).completion().await();
    String sid = callIn(CallStatus.ACTIVE, "CA-vm-claimed");
    CallView moved = client.transition(sid, Transition.VOICEMAIL, null, "no-answer", SYSTEM).await();
    assertEquals(CallStatus.VOICEMAIL, moved.status());
    assertNull(moved.assignedTo());
    assertNull(moved.answeredAt());
    String row = everything(sid);
    assertTrue(row.contains("\"claim_expires_at\":null") && row.endsWith("-5"),
        "no claim row, no expiry; arrived, ring_start, answered, expired, voicemail: " + row);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Predicate<JsonObject> told = n -> sid.equals(n.getString("callSid"))
        && "claim-expired".equals(n.getString("type"));
    while (notices.stream().noneMatch(told) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    JsonObject notice = notices.stream().filter(told).findFirst()
        .orElseThrow(() -> new AssertionError("alice was not told"));
    assertTrue(notice.getString("message").contains("voicemail"), notice.encode());

    String connected = callIn(CallStatus.ACTIVE, "CA-vm-connected");
    client.transition(connected, Transition.CONNECT, null, null, SYSTEM).await();
    String before = everything(connected);
    assertEquals(FailureCode.CONFLICT, failureOf(client.transition(connected, Transition.VOICEMAIL, null, null, SYSTEM)),
        "a connected call is never taken to voicemail");
    assertEquals(before, everything(connected));
  }

  @Test
  void theSnapshotHoldsTheLiveCallsAndTheDaysCountersComputedInPostgres() {
    String org = "org-stats";
    Actor system = Actor.system(org);
    client.create("ST-ring1", org, "alice").await();
    client.create("ST-ring2", org, "alice").await();
    client.create("ST-answered", org, "alice").await();
    client.claim("ST-answered", agent("alice", org)).await();
    client.transition("ST-answered", Transition.CONNECT, null, null, system).await();
    client.transition("ST-answered", Transition.PARK, null, null, system).await();
    client.transition("ST-answered", Transition.UNPARK, "alice", null, system).await();
    client.create("ST-abandoned", org, "alice").await();
    client.transition("ST-abandoned", Transition.END, null, "caller-hung-up", system).await();
    // Alice is on ST-answered, so other agents take the next claims (an agent on a call may not claim).
    client.create("ST-claimed-hung-up", org, "bob").await();
    client.claim("ST-claimed-hung-up", agent("bob", org)).await();
    client.transition("ST-claimed-hung-up", Transition.END, null, "caller-hung-up", system).await();
    client.create("ST-claimed-ring-ended", org, "carol").await();
    client.claim("ST-claimed-ring-ended", agent("carol", org)).await();
    client.transition("ST-claimed-ring-ended", Transition.VOICEMAIL, null, null, system).await();
    client.transition("ST-claimed-ring-ended", Transition.END, null, null, system).await();
    client.create("ST-voicemail", org, "alice").await();
    client.transition("ST-voicemail", Transition.VOICEMAIL, null, null, system).await();
    client.transition("ST-voicemail", Transition.END, null, null, system).await();

    JsonObject snapshot = Bus.request(vertx.eventBus(), Addresses.BOARD_SNAPSHOT_CALLS,
        new BoardQuery(org).toJson()).await();
    List<String> live = new ArrayList<>();
    snapshot.getJsonArray("calls").forEach(c -> live.add(((JsonObject) c).getString("callSid")));
    assertEquals(List.of("ST-ring1", "ST-ring2", "ST-answered"), live);
    JsonObject stats = snapshot.getJsonObject("stats");
    assertEquals(1L, stats.getLong("answeredToday"), "only a call connected to an agent is answered, not a won claim");
    assertEquals(2L, stats.getLong("abandonedToday"), "voicemail is not abandoned; a claim never connected is");
    assertEquals(2L, stats.getLong("waiting"));
    assertTrue(stats.getDouble("longestWaitSeconds") >= 0);
    assertTrue(stats.getDouble("avgSecondsToAnswer") >= 0);
    assertTrue(stats.getDouble("avgSecondsParked") >= 0);
    JsonObject empty = Bus.request(vertx.eventBus(), Addresses.BOARD_SNAPSHOT_CALLS,
        new BoardQuery("org-empty").toJson()).await().getJsonObject("stats");
    assertEquals(0L, empty.getLong("waiting"));
    assertNull(empty.getDouble("avgSecondsToAnswer"));
  }
}
