package io.switchboard.common.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for what a test expects to happen elsewhere (another thread, service or process): poll,
 * pause, poll again, and fail with what was awaited once the time is up.
 */
public final class Poll {
  private Poll() {}

  /** Polls {@code condition} every {@code every} until it holds; fails after {@code within}. */
  public static void until(BooleanSupplier condition, Duration within, Duration every, String what) {
    forValue(() -> condition.getAsBoolean() ? Boolean.TRUE : null, within, every, what);
  }

  /** Polls {@code probe} every {@code every} until it returns non-null, and returns that; fails after {@code within}. */
  public static <T> T forValue(Supplier<T> probe, Duration within, Duration every, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(every.toMillis());
    }
  }

  /** {@link Thread#sleep} for a test's thread: an interrupt fails the test. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
