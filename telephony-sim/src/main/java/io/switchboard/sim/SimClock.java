package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: every simulated duration (ring timeouts, Say length, pauses, hold loops, the
 * webhook timeout) is multiplied by the time scale; durations reported to the application
 * (CallDuration, DialCallDuration, RecordingDuration) are converted back to simulated seconds.
 */
final class SimClock {
  private final Vertx vertx;
  private final double scale;

  SimClock(Vertx vertx, double scale) {
    this.vertx = vertx;
    this.scale = scale;
  }

  long realMillis(Duration simulated) {
    return Math.max(1, Math.round(simulated.toMillis() * scale));
  }

  /** Simulated whole seconds between two real instants. */
  long simulatedSeconds(Instant from, Instant to) {
    if (from == null || to == null) {
      return 0;
    }
    return Math.round(Duration.between(from, to).toMillis() / scale / 1000.0);
  }

  /** Completes after {@code simulated} time, or as soon as the interrupt fires (never fails). */
  Future<Void> sleep(Duration simulated, Interrupt interrupt) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(realMillis(simulated), id -> done.tryComplete());
    interrupt.onCancel(() -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  /** Runs {@code action} after {@code simulated} time; returns the timer id. */
  long after(Duration simulated, Runnable action) {
    return vertx.setTimer(realMillis(simulated), id -> action.run());
  }

  void cancel(long timer) {
    vertx.cancelTimer(timer);
  }
}
