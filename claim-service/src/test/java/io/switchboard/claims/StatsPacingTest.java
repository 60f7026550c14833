package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The day counters' query costs more as the day's calls add up: a costly query spaces the org's
 * pushes by {@link StatsPusher#COST_FACTOR} times what it took, a cheap one keeps the coalescing
 * window, and no change is left out of the counters either way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsPacingTest {
  private static final String ORG = "org-pacing";
  private Vertx vertx;
  private final List<Long> pushedAtMs = new CopyOnWriteArrayList<>();
  private final List<JsonObject> pushed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.board(ORG), m -> {
      pushedAtMs.add(System.currentTimeMillis());
      pushed.add(m.body().getJsonObject("data"));
    }).completion().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A pusher whose query takes {@code queryMs} and answers how many changes had been made when it ran. */
  private StatsPusher pusher(long queryMs, AtomicInteger changes) {
    return new StatsPusher(vertx, org -> {
      int seen = changes.get();
      Promise<JsonObject> answer = Promise.promise();
      vertx.setTimer(queryMs, id -> answer.complete(new JsonObject()
          .put("changesSeen", seen).put("computedAtMs", System.currentTimeMillis())));
      return answer.future();
    }, Duration.ofMillis(300));
  }

  /** Changes {@code ORG}'s calls every 10 ms for {@code forMs}, then waits for the last push to show them all. */
  private void changeSteadily(StatsPusher stats, AtomicInteger changes, long forMs) throws InterruptedException {
    long until = System.currentTimeMillis() + forMs;
    while (System.currentTimeMillis() < until) {
      changes.incrementAndGet();
      stats.changed(ORG);
      Thread.sleep(10);
    }
    long deadline = System.currentTimeMillis() + 40_000;
    while (System.currentTimeMillis() < deadline
        && (pushed.isEmpty() || pushed.get(pushed.size() - 1).getInteger("changesSeen") != changes.get())) {
      Thread.sleep(20);
    }
    assertEquals(changes.get(), pushed.get(pushed.size() - 1).getInteger("changesSeen"),
        "the last push counts the last change");
  }

  private List<Long> gaps() {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < pushedAtMs.size(); i++) {
      gaps.add(pushedAtMs.get(i) - pushedAtMs.get(i - 1));
    }
    return gaps;
  }

  @Test
  void aCostlyCountersQueryIsRunNoMoreOftenThanFiftyTimesWhatItTakes() throws InterruptedException {
    AtomicInteger changes = new AtomicInteger();
    // 30 ms a query: pushes at least 1.5 s apart, where the coalescing alone would allow one every 300 ms
    changeSteadily(pusher(30, changes), changes, 4_000);
    List<Long> gaps = gaps();
    assertTrue(pushedAtMs.size() <= 5, pushedAtMs.size() + " pushes in about 4 s, gaps " + gaps);
    for (long gap : gaps.subList(1, gaps.size())) {
      assertTrue(gap >= 1_500, "pushes " + gap + " ms apart: " + gaps);
    }
  }

  @Test
  void aCheapCountersQueryKeepsTheCoalescingWindow() throws InterruptedException {
    AtomicInteger changes = new AtomicInteger();
    changeSteadily(pusher(1, changes), changes, 2_000);
    List<Long> gaps = gaps();
    assertTrue(pushedAtMs.size() >= 5, pushedAtMs.size() + " pushes in about 2 s, gaps " + gaps);
    for (long gap : gaps) {
      assertTrue(gap >= 250, "pushes " + gap + " ms apart: " + gaps);
    }
  }
}
