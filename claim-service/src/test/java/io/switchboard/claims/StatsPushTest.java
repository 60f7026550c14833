package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The day counters are computed by the claim-service and pushed to the org's board after its calls
 * change, coalesced, so every board shows the same numbers without asking for them.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsPushTest {
  private static final String ORG = "org-stats";
  private static RunningClaimService running;
  private static Vertx vertx;
  private static final List<JsonObject> deltas = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(TestDatabase db) {
    running = RunningClaimService.start(db);
    vertx = running.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.board(ORG), m -> deltas.add(m.body())).completion().await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aBurstOfCallChangesPushesTheOrgsCountersOnceOrTwiceNotPerChangeAndTheNewestAreLast() {
    ClaimServiceClient client = running.client();
    Future.all(IntStream.range(0, 8).mapToObj(i -> client.create("CA-burst-" + i, ORG, "alice", "bob")).toList())
        .await();

    JsonObject waiting = await(s -> s.getLong("waiting") == 8, "counters showing 8 waiting");
    long callDeltas = deltas.stream().filter(d -> "call".equals(d.getString("kind"))).count();
    assertEquals(8, callDeltas);
    assertTrue(stats().size() < callDeltas, "coalesced: " + stats().size() + " stats pushes for 8 changes");
    List<JsonObject> pushed = stats();
    for (int i = 1; i < pushed.size(); i++) {
      long gap = pushed.get(i).getLong("version") - pushed.get(i - 1).getLong("version");
      // one push per org per window (300 ms), less the jitter of when each query reads the clock
      assertTrue(gap >= 150, "pushes " + gap + " ms apart: " + pushed);
    }
    assertEquals(ORG, stats().get(0).getString("key"));

    assertTrue(client.claim("CA-burst-0", agent("alice", ORG)).await().won());
    // answered means connected to an agent's phone, not a won claim
    client.transition("CA-burst-0", Transition.CONNECT, "alice", null,
        Actor.system(ORG)).await();
    JsonObject answered = await(s -> s.getLong("answeredToday") == 1 && s.getLong("waiting") == 7,
        "counters showing the answer");
    assertTrue(version(answered) > version(waiting), "a later push has a higher version");
  }

  @Test
  void aCallerWhoHangsUpBeforeAnyAgentsPhoneTookTheCallIsAbandonedEvenIfAClaimWasWon() {
    ClaimServiceClient client = running.client();
    Actor system = Actor.system(ORG);
    long before = new CallSql(running.pool(), running.pool()).stats(ORG).await().getLong("abandonedToday");
    client.create("CA-gone-ringing", ORG, "carol", "dave").await();
    client.create("CA-gone-claimed", ORG, "carol", "dave").await();
    client.create("CA-talked", ORG, "carol", "dave").await();
    assertTrue(client.claim("CA-gone-claimed", agent("carol", ORG)).await().won());
    assertTrue(client.claim("CA-talked", agent("dave", ORG)).await().won());
    client.transition("CA-talked", Transition.CONNECT, "dave", null, system).await();
    for (String sid : List.of("CA-gone-ringing", "CA-gone-claimed", "CA-talked")) {
      client.transition(sid, Transition.END, null, "completed", system).await();
    }

    await(s -> s.getLong("abandonedToday") == before + 2, "two abandoned (the claimed one too), not the answered one");
  }

  private static List<JsonObject> stats() {
    return deltas.stream().filter(d -> "stats".equals(d.getString("kind"))).toList();
  }

  private static long version(JsonObject stats) {
    return stats.getLong("computedAtMs");
  }

  private static JsonObject await(Predicate<JsonObject> match, String what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      List<JsonObject> pushed = stats();
      if (!pushed.isEmpty()) {
        JsonObject last = pushed.get(pushed.size() - 1);
        assertEquals(last.getLong("version"), last.getJsonObject("data").getLong("computedAtMs"));
        if (match.test(last.getJsonObject("data"))) {
          return last.getJsonObject("data");
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no stats push " + what + ": " + stats());
  }
}
