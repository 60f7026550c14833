package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.db.Database;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.Poll;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A won claim whose agent never connects is released on time and the call rings again. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClaimExpiryTest {
  private static final String ORG = "org-expiry";
  private static SwitchboardConfig config;
  private Vertx vertx;
  private Pool pool;
  private ClaimServiceClient client;

  @BeforeAll
  static void migrate(TestDatabase db) {
    config = db.config(Map.of("SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS", "1"));
    Vertx once = Vertx.vertx();
    db.migrate(once, ClaimServiceModule.SCHEMA).await();
    once.close().await();
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, config.database());
    client = new ClaimServiceClient(vertx);
    // Each test starts with no pending claim, so the timers a test counts are its own.
    pool.query("UPDATE claims.calls SET status = 'ended', ended_at = now(), claim_expires_at = NULL WHERE status <> 'ended'")
        .execute().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private ClaimServiceModule.Deployment deploy() {
    return ClaimServiceModule.deployVerticles(vertx, config, pool).await();
  }

  private static void eventually(BooleanSupplier condition, String what) {
    Poll.until(condition, Duration.ofSeconds(10), Duration.ofMillis(20), what);
  }

  private String status(String callSid) {
    return ClaimServiceClient.row(pool, callSid).getString("status");
  }

  private long expiredEvents(String callSid) {
    return ClaimServiceClient.count(pool,
        "SELECT count(*) FROM claims.ring_events WHERE call_sid = $1 AND event_type = 'expired'", callSid);
  }

  @Test
  void anUnconnectedClaimIsReleasedOnTimeAndTheCallIsOfferedAgain() {
    deploy();
    List<JsonObject> aliceNotices = new CopyOnWriteArrayList<>();
    List<JsonObject> board = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.agent("alice"), m -> aliceNotices.add(m.body()))
        .completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.board(ORG), m -> board.add(m.body())).completion().await();
    client.create("EX-1", ORG, "alice", "bob").await();
    ClaimResult won = client.claim("EX-1", agent("alice", ORG)).await();

    // Nothing else touches the call: only the timer can release it.
    eventually(() -> "ringing".equals(status("EX-1")), "the claim to expire");
    Row row = ClaimServiceClient.row(pool, "EX-1");
    assertNull(row.getString("assigned_to"));
    assertNull(row.getString("claim_winner"));
    assertEquals(won.version() + 1, row.getLong("version"));
    assertEquals(1, expiredEvents("EX-1"));
    eventually(() -> aliceNotices.stream().anyMatch(n -> "claim-expired".equals(n.getString("type"))),
        "alice's claim-expired notice");
    eventually(() -> board.stream().anyMatch(d -> d.getLong("version") == won.version() + 1
        && "ringing".equals(d.getJsonObject("data").getString("status"))), "the ringing-again delta");

    ClaimResult again = client.claim("EX-1", agent("bob", ORG)).await();
    assertEquals(ClaimResult.Outcome.WON, again.outcome(), "the released call can be answered again");
  }

  @Test
  void aConnectedClaimDoesNotExpire() {
    deploy();
    // Two agents: an agent on a call may not claim another. carl stays on his call.
    client.create("EX-connected", ORG, "carl").await();
    client.create("EX-later", ORG, "dora").await();
    client.claim("EX-connected", agent("carl", ORG)).await();
    client.transition("EX-connected", Transition.CONNECT, "carl", null, Actor.system(ORG)).await();
    client.claim("EX-later", agent("dora", ORG)).await();

    // The later claim expires after the first one would have, so waiting for it is enough.
    eventually(() -> "ringing".equals(status("EX-later")), "the later claim to expire");
    assertEquals("active", status("EX-connected"));
    assertEquals(0, expiredEvents("EX-connected"));
  }

  @Test
  void aClaimWonBeforeARestartStillExpiresAfterIt() {
    ClaimServiceModule.Deployment first = deploy();
    client.create("EX-restart", ORG, "alice").await();
    client.claim("EX-restart", agent("alice", ORG)).await();
    first.undeploy().await();
    assertEquals("active", status("EX-restart"));

    deploy();
    eventually(() -> "ringing".equals(status("EX-restart")), "the restarted service to release the claim");
    assertEquals(1, expiredEvents("EX-restart"));
  }

  @Test
  void twoInstancesBothTimingTheSameClaimReleaseItOnce() {
    ClaimServiceModule.Deployment one = deploy();
    client.create("EX-twice", ORG, "alice").await();
    ClaimResult won = client.claim("EX-twice", agent("alice", ORG)).await();
    // The second instance learns of the claim from PostgreSQL when it starts.
    ClaimServiceModule.Deployment two = deploy();

    eventually(() -> one.arbiter().expiryAttempts() >= 1 && two.arbiter().expiryAttempts() >= 1,
        "both instances' timers to fire");
    assertEquals("ringing", status("EX-twice"));
    assertEquals(1, expiredEvents("EX-twice"));
    assertEquals(won.version() + 1, ClaimServiceClient.row(pool, "EX-twice").getLong("version"));
  }
}
