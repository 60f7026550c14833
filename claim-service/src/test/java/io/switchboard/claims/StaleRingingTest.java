package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.peers.Peers;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call still ringing long after the ring timeout rings nowhere (its Dial ended; the webhook that
 * should have moved it on was lost, or the caller hung up before it was created): it is ended, so
 * no board shows it ringing forever. Counted from when it last started ringing, not from its birth.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StaleRingingTest {
  private static final String ORG = "org-stale";
  private static final Duration STALE = Duration.ofMinutes(2);
  private static Vertx vertx;
  private static Pool pool;
  private static ClaimServiceClient client;
  private static CallTransitions transitions;
  private static final List<JsonObject> changes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(TestDatabase db) {
    RunningClaimService running = RunningClaimService.start(db);
    vertx = running.vertx();
    pool = running.pool();
    client = running.client();
    transitions = new CallTransitions(new CallSql(pool, pool), new BoardPublisher(vertx.eventBus()),
        new CallAccess(new Peers(vertx.eventBus())));
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> changes.add(m.body())).completion().await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aCallRingingLongPastTheRingTimeoutIsEndedAndEveryoneIsTold() {
    client.create("CA-stale", ORG, "alice", "bob").await();
    client.create("CA-fresh", ORG, "alice", "bob").await();
    ringingFor("CA-stale", Duration.ofMinutes(10));

    int ended = transitions.endStaleRinging(STALE).await();

    assertTrue(ended >= 1);
    assertEquals("ended/stale-ringing", state("CA-stale"));
    assertEquals("ringing/null", state("CA-fresh"), "a call ringing for moments is left alone");
    assertTrue(changes.stream().anyMatch(c -> "CA-stale".equals(c.getString("callSid"))
        && "ended".equals(c.getString("status"))), "the board and presence hear of it");
    assertEquals(0, transitions.endStaleRinging(STALE).await(), "nothing left to end");
  }

  @Test
  void anOldCallRingingAgainSinceMomentsAgoIsLeftAloneAndAnsweredCallsNeverEnd() {
    client.create("CA-again", ORG, "alice", "bob").await();
    client.create("CA-taken", ORG, "alice", "bob").await();
    pool.preparedQuery("UPDATE claims.calls SET created_at = now() - interval '1 hour' WHERE call_sid = $1")
        .execute(Tuple.of("CA-again")).await();
    assertTrue(client.claim("CA-taken", agent("alice", ORG)).await().won());
    ringingFor("CA-taken", Duration.ofMinutes(10));

    transitions.endStaleRinging(STALE).await();

    assertEquals("ringing/null", state("CA-again"), "it started ringing again just now (a release or an offer)");
    assertEquals(CallStatus.ACTIVE.name().toLowerCase() + "/null", state("CA-taken"));
  }

  private static void ringingFor(String callSid, Duration time) {
    pool.preparedQuery("UPDATE claims.calls SET ringing_since = now() - $2::bigint * interval '1 second'"
        + " WHERE call_sid = $1").execute(Tuple.of(callSid, time.toSeconds())).await();
  }

  private static String state(String callSid) {
    var row = pool.preparedQuery("SELECT status, end_reason FROM claims.calls WHERE call_sid = $1")
        .execute(Tuple.of(callSid)).await().iterator().next();
    return row.getString("status") + "/" + row.getString("end_reason");
  }
}
