package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static io.switchboard.claims.ClaimServiceClient.failureBody;
import static io.switchboard.claims.ClaimServiceClient.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.Poll;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may claim, what the others are told, and that a restarted service answers from PostgreSQL. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClaimRulesTest {
  private static final String ORG = "org-rules";
  private static Vertx vertx;
  private static Pool pool;
  private static TestDatabase database;
  private static ClaimServiceModule.Deployment service;
  private static ClaimServiceClient client;
  private static final Set<String> available = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start(TestDatabase db) {
    database = db;
    vertx = Vertx.vertx();
    db.migrate(vertx, ClaimServiceModule.SCHEMA).await();
    pool = db.pool(vertx);
    service = ClaimServiceModule.deployVerticles(vertx, db.config(), pool).await();
    client = new ClaimServiceClient(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Each test starts with nobody on a call: an agent on a live call may not claim another. */
  @BeforeEach
  void hangUpEveryone() {
    pool.query("UPDATE claims.calls SET status = 'ended', ended_at = now() WHERE status = 'active'").execute().await();
  }

  private static List<JsonObject> listen(String address) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(address, m -> received.add(m.body())).completion().await();
    return received;
  }

  private static void eventually(BooleanSupplier condition, String what) {
    Poll.until(condition, Duration.ofSeconds(5), Duration.ofMillis(10), what);
  }

  @Test
  void secondAgentLosesTheRaceAndIsToldWhoWonWhileTheOthersStopRinging() {
    List<JsonObject> bobNotices = listen(Addresses.agent("bob"));
    List<JsonObject> carolNotices = listen(Addresses.agent("carol"));
    List<JsonObject> board = listen(Addresses.board(ORG));
    List<JsonObject> changes = listen(Addresses.CALLS_CHANGED);
    client.create("CA-lose", ORG, "alice", "bob", "carol").await();

    ClaimResult first = client.claim("CA-lose", agent("alice", ORG)).await();
    ClaimResult second = client.claim("CA-lose", agent("bob", ORG)).await();

    assertEquals(ClaimResult.Outcome.WON, first.outcome());
    assertEquals(ClaimResult.Outcome.LOST, second.outcome());
    assertEquals("alice", second.winner());
    eventually(() -> bobNotices.stream().anyMatch(n -> "ring-cancelled".equals(n.getString("type"))
        && "alice".equals(n.getString("otherAgentId"))), "bob's ring-cancelled notice naming alice");
    eventually(() -> carolNotices.stream().anyMatch(n -> "ring-cancelled".equals(n.getString("type"))),
        "carol's ring-cancelled notice");
    eventually(() -> board.stream().anyMatch(d -> "CA-lose".equals(d.getString("key"))
        && d.getLong("version") == first.version() && "active".equals(d.getJsonObject("data").getString("status"))),
        "the versioned board delta of the answer");
    eventually(() -> changes.stream().anyMatch(c -> "CA-lose".equals(c.getString("callSid"))
        && "alice".equals(c.getString("assignedTo"))), "the calls.changed feed");
    Row row = ClaimServiceClient.row(pool, "CA-lose");
    assertEquals("alice", row.getString("claim_winner"));
    // the arrival, one ring_start listing the three rung agents, and alice's answer listing the rings it cancelled
    assertEquals(3L, row.getLong("events"));
    Row start = pool.preparedQuery("SELECT agent_ids FROM claims.ring_events WHERE call_sid = $1"
        + " AND event_type = 'ring_start'").execute(Tuple.of("CA-lose")).await().iterator().next();
    assertEquals(List.of("alice", "bob", "carol"), List.of(start.getArrayOfStrings("agent_ids")));
    Row answered = pool.preparedQuery("SELECT agent_id, agent_ids FROM claims.ring_events WHERE call_sid = $1"
        + " AND event_type = 'answered'").execute(Tuple.of("CA-lose")).await().iterator().next();
    assertEquals("alice", answered.getString("agent_id"));
    assertEquals(List.of("bob", "carol"), List.of(answered.getArrayOfStrings("agent_ids")));
  }

  @Test
  void theWinnerRetryingItsClaimIsToldItWonAndNothingChanges() {
    client.create("CA-retry", ORG, "alice", "bob").await();
    ClaimResult won = client.claim("CA-retry", agent("alice", ORG)).await();
    ClaimResult again = client.claim("CA-retry", agent("alice", ORG)).await();
    assertTrue(again.won());
    assertEquals(won.version(), again.version());
    assertEquals(won.version(), ClaimServiceClient.row(pool, "CA-retry").getLong("version"));
  }

  @Test
  void aReleasedCallCanBeClaimedAgainAndTheOldWinnerIsForgotten() {
    client.create("CA-release", ORG, "alice", "bob").await();
    assertTrue(client.claim("CA-release", agent("alice", ORG)).await().won());
    client.transition("CA-release", Transition.RELEASE, "alice", null, Actor.system(ORG)).await();
    ClaimResult second = client.claim("CA-release", agent("bob", ORG)).await();
    assertEquals(ClaimResult.Outcome.WON, second.outcome());
    assertEquals("bob", ClaimServiceClient.row(pool, "CA-release").getString("claim_winner"));
  }

  @Test
  void aRestartedServiceAnswersTheSecondClaimFromPostgres() {
    client.create("CA-restart", ORG, "alice", "bob").await();
    ClaimResult won = client.claim("CA-restart", agent("alice", ORG)).await();
    Row before = ClaimServiceClient.row(pool, "CA-restart");

    service.undeploy().await();
    service = ClaimServiceModule.deployVerticles(vertx, database.config(), pool).await();
    ClaimResult lost = client.claim("CA-restart", agent("bob", ORG)).await();

    assertEquals(ClaimResult.Outcome.LOST, lost.outcome());
    assertEquals("alice", lost.winner());
    assertEquals(won.version(), lost.version());
    assertEquals(1, service.arbiter().databaseAttempts(), "the new arbiter had to ask PostgreSQL");
    Row after = ClaimServiceClient.row(pool, "CA-restart");
    assertEquals(before.getLong("version"), after.getLong("version"));
    assertEquals(before.getLong("events"), after.getLong("events"));
  }

  @Test
  void anAgentThatWasNotRungIsForbiddenAndDoesNotSpoilTheClaimOfOneThatWas() {
    client.create("CA-rung", ORG, "alice").await();
    Future<ClaimResult> outsider = client.claim("CA-rung", agent("mallory", ORG));
    Future<ClaimResult> rung = client.claim("CA-rung", agent("alice", ORG));
    assertEquals(FailureCode.FORBIDDEN, failureOf(outsider));
    assertTrue(rung.await().won());
    // Once decided, the outsider is still refused rather than told who won.
    assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim("CA-rung", agent("mallory", ORG))));
  }

  @Test
  void aClaimRowAlreadyInPostgresDecidesItsCallAndDoesNotSpoilTheClaimsBatchedWithIt() {
    client.create("CA-stale", ORG, "alice", "bob").await();
    client.create("CA-fresh", ORG, "alice", "bob").await();
    // Inconsistent on purpose: a claim row for a call still ringing. The unique key must refuse a
    // second winner; the batch the claims share fails and is retried call by call.
    pool.preparedQuery("INSERT INTO claims.call_claims (call_sid, agent_id) VALUES ($1, $2)")
        .execute(Tuple.of("CA-stale", "bob")).await();
    Future<ClaimResult> stale = client.claim("CA-stale", agent("alice", ORG));
    // Another agent: one agent's two claims never share a batch.
    Future<ClaimResult> fresh = client.claim("CA-fresh", agent("bob", ORG));
    assertTrue(fresh.await().won());
    ClaimResult lost = stale.await();
    assertFalse(lost.won());
    assertEquals("bob", lost.winner());
    assertEquals("ringing", ClaimServiceClient.row(pool, "CA-stale").getString("status"), "nothing was written");
  }

  @Test
  void anotherOrganizationsCallIsAnsweredExactlyLikeAnUnknownOneAndBadInputIsRejected() {
    client.create("CA-org", ORG, "alice").await();
    JsonObject unknown = failureBody(client.claim("CA-nope", agent("alice", ORG)));
    assertEquals("NOT_FOUND", unknown.getString("error"));
    assertEquals(unknown, failureBody(client.claim("CA-org", agent("alice", "org-other"))));
    assertEquals(unknown, failureBody(client.claim("CA-nope", agent("alice", "org-other"))));
    assertEquals(FailureCode.BAD_REQUEST, failureOf(Bus.request(vertx.eventBus(), Addresses.CLAIMS_CLAIM,
        new JsonObject().put("callSid", "CA-org"))));
    assertEquals(FailureCode.BAD_REQUEST, failureOf(Bus.request(vertx.eventBus(), Addresses.CLAIMS_CLAIM,
        new JsonObject().put("callSid", "CA org; drop").put("actor", agent("alice", ORG).toJson()))));
    assertTrue(client.claim("CA-org", agent("alice", ORG)).await().won());
    assertEquals(unknown, failureBody(client.claim("CA-org", agent("alice", "org-other"))), "once decided, too");
  }

  @Test
  void anAdminWhoWasNotRungMayNotClaimAndTheRingGoesOnForTheAgentsWhoWere() {
    List<JsonObject> aliceNotices = listen(Addresses.agent("alice"));
    client.create("CA-admin", ORG, "alice").await();
    Actor admin = new Actor("boss", ORG, Role.ADMIN);

    assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim("CA-admin", admin)));

    Row row = ClaimServiceClient.row(pool, "CA-admin");
    assertEquals("ringing", row.getString("status"));
    assertEquals(null, row.getString("claim_winner"));
    assertTrue(aliceNotices.stream().noneMatch(n -> "ring-cancelled".equals(n.getString("type"))));
    assertTrue(client.claim("CA-admin", agent("alice", ORG)).await().won());
    assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim("CA-admin", admin)), "nor told who won");
    // An admin who was rung answers like anyone else.
    client.create("CA-admin-rung", ORG, "boss", "alice").await();
    assertTrue(client.claim("CA-admin-rung", admin).await().won());
  }

  @Test
  void anAgentAlreadyOnALiveCallIsRefusedAnotherAndTheOthersRungStillMayAnswer() {
    client.create("CA-busy-1", ORG, "ivan").await();
    assertTrue(client.claim("CA-busy-1", agent("ivan", ORG)).await().won());
    client.create("CA-busy-2", ORG, "ivan", "judy").await();

    JsonObject refused = failureBody(client.claim("CA-busy-2", agent("ivan", ORG)));
    assertEquals("CONFLICT", refused.getString("error"));
    assertEquals("you are already on a call", refused.getString("message"));
    assertEquals("ringing", ClaimServiceClient.row(pool, "CA-busy-2").getString("status"), "nothing changed");

    assertTrue(client.claim("CA-busy-2", agent("judy", ORG)).await().won());
    // Once the first call ended, ivan answers again.
    client.transition("CA-busy-1", Transition.END, null, "completed", Actor.system(ORG)).await();
    client.create("CA-busy-3", ORG, "ivan").await();
    assertTrue(client.claim("CA-busy-3", agent("ivan", ORG)).await().won());
  }

  @Test
  void anAgentHandedAParkedCallIsOnACallAndRefusedAnother() {
    Actor system = Actor.system(ORG);
    client.create("CA-handed", ORG, "alice").await();
    assertTrue(client.claim("CA-handed", agent("alice", ORG)).await().won());
    client.transition("CA-handed", Transition.PARK, null, null, agent("alice", ORG)).await();
    client.transition("CA-handed", Transition.UNPARK, "lena", null, system).await();
    client.create("CA-handed-2", ORG, "lena", "alice").await();

    assertEquals("you are already on a call",
        failureBody(client.claim("CA-handed-2", agent("lena", ORG))).getString("message"));
    // alice handed her call on (parked, then given to lena): she is free again.
    assertTrue(client.claim("CA-handed-2", agent("alice", ORG)).await().won());
  }

  @Test
  void anAgentClaimingTwoRingingCallsAtOnceWinsOnlyOne() {
    for (int round = 0; round < 20; round++) {
      String first = "CA-twice-a" + round;
      String second = "CA-twice-b" + round;
      client.create(first, ORG, "kate").await();
      client.create(second, ORG, "kate").await();
      Future<ClaimResult> a = client.claim(first, agent("kate", ORG));
      Future<ClaimResult> b = client.claim(second, agent("kate", ORG));
      Future.join(a, b).otherwiseEmpty().await();
      long won = Stream.of(a, b).filter(f -> f.succeeded() && f.result().won()).count();
      assertEquals(1, won, "round " + round);
      Future<ClaimResult> lost = a.succeeded() ? b : a;
      assertEquals(FailureCode.CONFLICT, failureOf(lost));
      String held = a.succeeded() ? first : second;
      client.transition(held, Transition.END, null, "completed", Actor.system(ORG)).await();
    }
  }

  @Test
  void claimingACallThatEndedOrWentToVoicemailUnansweredIsAConflictAndChangesNothing() {
    Actor system = Actor.system(ORG);
    client.create("CA-ended", ORG, "alice").await();
    client.transition("CA-ended", Transition.END, null, "caller-hung-up", system).await();
    client.create("CA-vm", ORG, "alice").await();
    client.transition("CA-vm", Transition.VOICEMAIL, null, null, system).await();
    Row endedBefore = ClaimServiceClient.row(pool, "CA-ended");

    JsonObject body = failureBody(client.claim("CA-ended", agent("alice", ORG)));
    assertEquals("CONFLICT", body.getString("error"));
    assertEquals(CallStatus.ENDED, Conflict.fromJson(body).status(), "the call's state, read back typed");
    assertEquals(FailureCode.CONFLICT, failureOf(client.claim("CA-vm", agent("alice", ORG))));

    Row endedAfter = ClaimServiceClient.row(pool, "CA-ended");
    assertEquals(endedBefore.getLong("version"), endedAfter.getLong("version"));
    assertEquals(null, endedAfter.getString("claim_winner"));
    assertEquals("voicemail", ClaimServiceClient.row(pool, "CA-vm").getString("status"));
  }

  @Test
  void inQueueModeOnlyAgentsAvailableInTheOrgMayClaimAdminsIncluded() {
    MessageConsumer<JsonObject> presence = ClaimServiceClient.fakePresence(vertx, () -> available);
    presence.completion().await();
    try {
      available.clear();
      available.add("dave");
      client.create("CA-queue", ORG, RingMode.QUEUE, List.of()).await();
      assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim("CA-queue", agent("erin", ORG))));
      assertTrue(client.claim("CA-queue", agent("dave", ORG)).await().won());

      client.create("CA-queue-admin", ORG, RingMode.QUEUE, List.of()).await();
      Actor admin = new Actor("boss", ORG, Role.ADMIN);
      assertEquals(FailureCode.FORBIDDEN, failureOf(client.claim("CA-queue-admin", admin)), "not available");
      available.add("boss");
      assertTrue(client.claim("CA-queue-admin", admin).await().won());
    } finally {
      presence.unregister().await();
    }
  }

  @Test
  void inQueueModeAClaimFailsWith503WhenPresenceCannotBeAskedAndNothingIsDecided() {
    client.create("CA-queue-down", ORG, RingMode.QUEUE, List.of()).await();
    assertEquals(FailureCode.UNAVAILABLE, failureOf(client.claim("CA-queue-down", agent("dave", ORG))));
    Row row = ClaimServiceClient.row(pool, "CA-queue-down");
    assertEquals("ringing", row.getString("status"));
    assertFalse(row.getString("claim_winner") != null);
  }
}
