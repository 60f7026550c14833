package io.switchboard.claims;

import io.switchboard.common.board.BoardDeltas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an org's day counters to its board after its calls change, so every board shows the same
 * numbers the moment they change (instead of each browser asking now and then). Changes are
 * coalesced: the first change of an org schedules one computation {@code coalesce} later and every
 * change until then rides along, so a burst of calls costs one stats query per org per window.
 * The delta's version is the database's clock at computation, so the newest counters win on a
 * board whichever claim-service instance computed them.
 *
 * <p>The query reads the org's calls of the day, so it costs more as the day goes on. The window
 * after a computation is at least {@link #COST_FACTOR} times as long as its query took (at most
 * {@link #MAX_WINDOW}), so one org's counters take about one fiftieth of the database's time at
 * most, however busy the day: a 40 ms query gives counters every 2 s instead of every 300 ms.
 * Without this bound, at 200 new calls a second the counters cost PostgreSQL more than the calls
 * themselves (BENCHMARKS.md, "The webhook path").
 */
final class StatsPusher {
  private static final Logger LOG = LoggerFactory.getLogger(StatsPusher.class);
  static final Duration COALESCE = Duration.ofMillis(300);
  /** The window after a computation is at least this many times the time its query took. */
  static final int COST_FACTOR = 50;
  /** ... but never longer than this: a stall of the pool (load, a failover) does not hide the counters for long. */
  static final Duration MAX_WINDOW = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Function<String, Future<JsonObject>> query;
  private final BoardDeltas board;
  private final long coalesceMs;
  /** Orgs whose computation is scheduled or running. */
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  /** Orgs whose calls changed while their computation ran: computed again after it. */
  private final Set<String> changedMeanwhile = ConcurrentHashMap.newKeySet();
  /** Per org: the window after its last computation, when longer than {@code coalesceMs}. */
  private final Map<String, Long> windowMs = new ConcurrentHashMap<>();

  StatsPusher(Vertx vertx, CallSql sql, Duration coalesce) {
    this(vertx, sql::stats, coalesce);
  }

  /** {@code query}: an org's counters ({@link CallSql#stats}). */
  StatsPusher(Vertx vertx, Function<String, Future<JsonObject>> query, Duration coalesce) {
    this.vertx = vertx;
    this.query = query;
    this.board = new BoardDeltas(vertx.eventBus());
    this.coalesceMs = Math.max(1, coalesce.toMillis());
  }

  /** A call of {@code orgId} changed: its counters are pushed within the coalescing window. */
  void changed(String orgId) {
    if (scheduled.add(orgId)) {
      vertx.setTimer(windowMs.getOrDefault(orgId, coalesceMs), id -> push(orgId));
    } else {
      changedMeanwhile.add(orgId);
    }
  }

  private void push(String orgId) {
    // A change from now on is computed again once this computation is done, after the new window.
    changedMeanwhile.remove(orgId);
    long started = System.nanoTime();
    Future<JsonObject> computed;
    try {
      computed = query.apply(orgId);
    } catch (RuntimeException e) {
      computed = Future.failedFuture(e);
    }
    // A query that never answers (a connection lost without a reset) must not stop the org's counters.
    computed.timeout(MAX_WINDOW.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      long window = Math.min(MAX_WINDOW.toMillis(),
          COST_FACTOR * Duration.ofNanos(System.nanoTime() - started).toMillis());
      if (window > coalesceMs) {
        windowMs.put(orgId, window);
      } else {
        windowMs.remove(orgId);
      }
      if (ar.succeeded()) {
        JsonObject stats = ar.result();
        board.stats(orgId, stats.getLong("computedAtMs", System.currentTimeMillis()), stats);
      } else {
        LOG.warn("could not push the counters of {}: {}", orgId, ar.cause().toString());
      }
      scheduled.remove(orgId);
      if (changedMeanwhile.remove(orgId)) {
        changed(orgId);
      }
    });
  }
}
