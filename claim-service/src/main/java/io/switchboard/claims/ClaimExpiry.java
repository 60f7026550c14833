package io.switchboard.claims;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases won claims whose agent does not connect in time, on a timer per claim (not a trigger
 * that waits for the next insert). Timers are scheduled when this process wins a claim and, by a
 * sweep of PostgreSQL at start and then periodically, for every other pending claim, so claims made
 * before a restart or by a process that died still expire. Several processes may hold a timer for
 * the same claim: the release is guarded by the claim's exact version, so only one release happens.
 * Runs on the {@link ClaimArbiter}'s thread.
 */
final class ClaimExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(ClaimExpiry.class);

  private final Vertx vertx;
  private final CallSql sql;
  private final CallTransitions transitions;
  private final Consumer<String> onReleased;
  /** callSid -> version of the claim state a timer is waiting for. */
  private final Map<String, Long> scheduled = new HashMap<>();
  private final AtomicLong releaseAttempts = new AtomicLong();

  ClaimExpiry(Vertx vertx, CallSql sql, CallTransitions transitions, Consumer<String> onReleased) {
    this.vertx = vertx;
    this.sql = sql;
    this.transitions = transitions;
    this.onReleased = onReleased;
  }

  /** Releases the claim in state {@code version} after {@code delayMs} unless it changed by then. */
  void schedule(String callSid, long version, long delayMs) {
    Long already = scheduled.get(callSid);
    if (already != null && already == version) {
      return;
    }
    scheduled.put(callSid, version);
    vertx.setTimer(Math.max(1, delayMs), id -> fire(callSid, version));
  }

  private void fire(String callSid, long version) {
    scheduled.remove(callSid, version);
    transitions.expire(callSid, version)
        .onComplete(ar -> releaseAttempts.incrementAndGet())
        .onSuccess(released -> released.ifPresent(call -> {
          LOG.info("claim of {} by an agent expired unconnected; ringing again", callSid);
          onReleased.accept(callSid);
        }))
        // The next sweep finds the claim again (PostgreSQL still says it is pending) and retries.
        .onFailure(t -> LOG.warn("could not release expired claim of {}: {}", callSid, t.toString()));
  }

  /** How many timers fired and finished trying a release (for tests: both of two processes try, one wins). */
  long releaseAttempts() {
    return releaseAttempts.get();
  }

  /** Schedules a timer for every pending claim in PostgreSQL that has none here yet. */
  Future<Integer> sweep() {
    return sql.pendingClaims().map(pending -> {
      pending.forEach(p -> schedule(p.callSid(), p.version(), p.remainingMs()));
      return pending.size();
    });
  }

  /** Sweeps now (a failure is logged, not fatal: the periodic sweep retries) and every {@code period}. */
  Future<Void> start(Duration period) {
    vertx.setPeriodic(period.toMillis(), period.toMillis(), id -> sweep()
        .onFailure(t -> LOG.warn("claim expiry sweep failed: {}", t.toString())));
    return sweep()
        .onFailure(t -> LOG.warn("claim expiry sweep at start failed, will retry: {}", t.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
