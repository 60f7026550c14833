package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every claim waits for its commit, so what a claim writes is a measured budget (see the claims
 * benchmark): one HOT row version of the call, its claim row, and one ring event. These tests keep a
 * later index or event from quietly doubling it.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClaimWriteCostTest {
  private static final String ORG = "org-cost";
  /** The columns of calls a claim changes. */
  private static final List<String> CLAIM_CHANGES =
      List.of("status", "assigned_to", "answered_at", "connected_at", "claim_expires_at", "version");

  private static Vertx vertx;
  private static Pool pool;
  private static ClaimServiceClient client;
  private static Pool claimPool;

  @BeforeAll
  static void start(TestDatabase db) {
    RunningClaimService running = RunningClaimService.start(db);
    claimPool = running.service().claimPool();
    vertx = running.vertx();
    pool = running.pool();
    client = running.client();
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

  @Test
  void noIndexOfCallsCoversAColumnAClaimChangesSoTheClaimIsAHotUpdate() {
    List<String> indexes = pool.query("SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index"
            + " WHERE indrelid = 'claims.calls'::regclass").execute().await()
        .stream().map(r -> r.getString("def")).toList();
    assertFalse(indexes.isEmpty());
    for (String def : indexes) {
      for (String column : CLAIM_CHANGES) {
        assertFalse(Pattern.compile("\\b" + column + "\\b").matcher(def).find(),
            "index covers " + column + ", so every claim would write new index entries: " + def);
      }
    }
    String options = pool.query("SELECT array_to_string(reloptions, ',') AS o FROM pg_class"
        + " WHERE oid = 'claims.calls'::regclass").execute().await().iterator().next().getString("o");
    assertTrue(options != null && options.contains("fillfactor=70"), "pages keep room for a HOT update: " + options);
  }

  @Test
  void claimBatchesRunOnConnectionsThatPlanOnceWhileOtherStatementsKeepTheDefault() {
    assertEquals("force_generic_plan", setting(claimPool), "the batch is planned once, not for every batch");
    assertEquals("auto", setting(pool));
  }

  private static String setting(Pool on) {
    return on.query("SHOW plan_cache_mode").execute().await().iterator().next().getString(0);
  }

  @Test
  void aClaimUpdatesTheCallInPlaceAndWritesOneClaimRowAndOneRingEvent() {
    pool.query("CREATE EXTENSION IF NOT EXISTS pageinspect").execute().await();
    client.create("CA-cost", ORG, "alice", "bob", "carol").await();
    String before = ctid("CA-cost");

    ClaimResult won = client.claim("CA-cost", agent("alice", ORG)).await();

    assertTrue(won.won());
    // The old row version is marked HOT-updated: its successor is reached through it, not through
    // new index entries.
    Row old = pool.preparedQuery("SELECT (t_infomask2 & 16384) <> 0 AS hot FROM heap_page_items("
            + "get_raw_page('claims.calls', ($1::tid::text::point)[0]::int)) WHERE t_ctid <> $1::tid"
            + " AND lp = ($1::tid::text::point)[1]::int")
        .execute(Tuple.of(before)).await().iterator().next();
    assertTrue(old.getBoolean("hot"), "the claim's update of the call was not HOT");
    assertEquals(1, ClaimServiceClient.count(pool, "SELECT count(*) FROM claims.call_claims WHERE call_sid = $1",
        "CA-cost"));
    assertEquals(List.of("arrived", "ring_start", "answered"), pool.preparedQuery("SELECT event_type FROM claims.ring_events"
            + " WHERE call_sid = $1 ORDER BY id").execute(Tuple.of("CA-cost")).await()
        .stream().map(r -> r.getString("event_type")).toList());
  }

  @Test
  void theAnswerListsTheRingsItCancelledLeavingOutTheWinnerAndWhoDeclined() {
    client.create("CA-plain", ORG, "alice", "bob", "carol").await();
    client.claim("CA-plain", agent("bob", ORG)).await();
    client.create("CA-declined", ORG, "alice", "bob", "carol", "dave").await();
    client.decline("CA-declined", agent("carol", ORG)).await();
    client.claim("CA-declined", agent("alice", ORG)).await();
    client.create("CA-alone", ORG, "erin").await();
    client.claim("CA-alone", agent("erin", ORG)).await();

    assertEquals(List.of("alice", "carol"), cancelledBy("CA-plain"));
    assertEquals(List.of("bob", "dave"), cancelledBy("CA-declined"));
    assertEquals(null, cancelledBy("CA-alone"), "nobody else was ringing");
  }

  private static List<String> cancelledBy(String callSid) {
    String[] agents = pool.preparedQuery("SELECT agent_ids FROM claims.ring_events WHERE call_sid = $1"
        + " AND event_type = 'answered'").execute(Tuple.of(callSid)).await().iterator().next()
        .getArrayOfStrings("agent_ids");
    return agents == null ? null : List.of(agents);
  }

  private static String ctid(String callSid) {
    return pool.preparedQuery("SELECT ctid::text AS t FROM claims.calls WHERE call_sid = $1")
        .execute(Tuple.of(callSid)).await().iterator().next().getString("t");
  }
}
