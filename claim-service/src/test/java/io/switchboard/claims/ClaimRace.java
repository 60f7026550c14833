package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.common.contract.ClaimResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The race both race tests run: {@code agents} agents claim each of {@code calls} calls at the same
 * instant (each call its own agents: an agent on a call may not claim another) (all claims of a batch of calls are sent before any answer is awaited, in random order),
 * spread over the given clients; then every reply and PostgreSQL must agree on one winner per call.
 */
final class ClaimRace {
  static final int AGENTS = 10;
  private static final int CALLS_PER_BATCH = 100;

  private ClaimRace() {}

  /** Runs the race; returns the winner of each call. */
  static Map<String, String> run(List<ClaimServiceClient> clients, Pool pool, String org, String prefix, int calls) {
    List<String> sids = IntStream.range(0, calls).mapToObj(i -> prefix + "-CA" + i).toList();
    Map<String, List<String>> agentsOf = new HashMap<>();
    for (String sid : sids) {
      agentsOf.put(sid, IntStream.range(0, AGENTS).mapToObj(i -> sid + "-agent-" + i).toList());
    }
    // Created a hundred at a time: a thousand creates at once wait for the pool's connections longer
    // than its connect timeout on a loaded machine, and the race is about the claims.
    for (int from = 0; from < calls; from += CALLS_PER_BATCH) {
      List<Future<?>> creates = new ArrayList<>();
      for (int i = from; i < Math.min(calls, from + CALLS_PER_BATCH); i++) {
        creates.add(clients.get(i % clients.size()).create(sids.get(i), org,
            agentsOf.get(sids.get(i)).toArray(String[]::new)));
      }
      Future.all(creates).await();
    }

    Random random = new Random(42);
    Map<String, List<ClaimResult>> replies = new HashMap<>();
    Map<String, List<String>> askers = new HashMap<>();
    int sent = 0;
    for (int from = 0; from < calls; from += CALLS_PER_BATCH) {
      List<Future<ClaimResult>> batch = new ArrayList<>();
      List<String> batchSids = new ArrayList<>();
      List<String> batchAgents = new ArrayList<>();
      for (String sid : sids.subList(from, Math.min(calls, from + CALLS_PER_BATCH))) {
        List<String> order = new ArrayList<>(agentsOf.get(sid));
        Collections.shuffle(order, random);
        for (String agent : order) {
          ClaimServiceClient client = clients.get(sent++ % clients.size());
          batch.add(client.claim(sid, ClaimServiceClient.agent(agent, org)));
          batchSids.add(sid);
          batchAgents.add(agent);
        }
      }
      Future.all(batch).await();
      for (int i = 0; i < batch.size(); i++) {
        replies.computeIfAbsent(batchSids.get(i), k -> new ArrayList<>()).add(batch.get(i).result());
        askers.computeIfAbsent(batchSids.get(i), k -> new ArrayList<>()).add(batchAgents.get(i));
      }
    }

    Map<String, String> winners = new HashMap<>();
    for (String sid : sids) {
      List<ClaimResult> results = replies.get(sid);
      List<String> who = askers.get(sid);
      assertEquals(AGENTS, results.size());
      String winner = null;
      int won = 0;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).won()) {
          won++;
          winner = who.get(i);
        }
      }
      assertEquals(1, won, "exactly one WON for " + sid);
      for (ClaimResult result : results) {
        assertEquals(winner, result.winner(), "every reply names the same winner for " + sid);
      }
      winners.put(sid, winner);
    }
    assertPostgresAgrees(pool, prefix, winners);
    return winners;
  }

  private static void assertPostgresAgrees(Pool pool, String prefix, Map<String, String> winners) {
    var rows = pool.preparedQuery("""
            SELECT c.call_sid, c.status, c.assigned_to, k.agent_id,
                   (SELECT count(*) FROM claims.ring_events e
                     WHERE e.call_sid = c.call_sid AND e.event_type = 'answered') AS answered
            FROM claims.calls c LEFT JOIN claims.call_claims k ON k.call_sid = c.call_sid
            WHERE c.call_sid LIKE $1""")
        .execute(Tuple.of(prefix + "-CA%")).await();
    assertEquals(winners.size(), rows.size());
    for (Row row : rows) {
      String sid = row.getString("call_sid");
      String winner = winners.get(sid);
      assertNotNull(winner);
      assertEquals("active", row.getString("status"), sid);
      assertEquals(winner, row.getString("assigned_to"), sid);
      assertEquals(winner, row.getString("agent_id"), sid);
      assertEquals(1L, row.getLong("answered"), sid);
    }
  }
}
