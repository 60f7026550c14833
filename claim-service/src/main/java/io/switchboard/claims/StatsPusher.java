package io.switchboard.claims;

import io.switchboard.common.board.BoardDeltas;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an org's day counters to its board after its calls change, so every board shows the same
 * numbers the moment they change (instead of each browser asking now and then). Changes are
 * coalesced: the first change of an org schedules one computation {@code coalesce} later and every
 * change until then rides along, so a burst of calls costs one stats query per org per window.
 * The delta's version is the database's clock at computation, so the newest counters win on a
 * board whichever claim-service instance computed them.
 */
final class StatsPusher {
  private static final Logger LOG = LoggerFactory.getLogger(StatsPusher.class);
  static final Duration COALESCE = Duration.ofMillis(300);

  private final Vertx vertx;
  private final CallSql sql;
  private final BoardDeltas board;
  private final long coalesceMs;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  StatsPusher(Vertx vertx, CallSql sql, Duration coalesce) {
    this.vertx = vertx;
    this.sql = sql;
    this.board = new BoardDeltas(vertx.eventBus());
    this.coalesceMs = Math.max(1, coalesce.toMillis());
  }

  /** A call of {@code orgId} changed: its counters are pushed within the coalescing window. */
  void changed(String orgId) {
    if (scheduled.add(orgId)) {
      vertx.setTimer(coalesceMs, id -> push(orgId));
    }
  }

  private void push(String orgId) {
    // cleared before the query: a change while it runs schedules the next push, so none is missed
    scheduled.remove(orgId);
    sql.stats(orgId).onSuccess(stats -> {
      long version = stats.getLong("computedAtMs", System.currentTimeMillis());
      board.stats(orgId, version, stats);
    }).onFailure(t -> LOG.warn("could not push the counters of {}: {}", orgId, t.toString()));
  }
}
