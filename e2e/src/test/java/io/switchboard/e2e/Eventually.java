package io.switchboard.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (the page changes on its own time). */
public final class Eventually {
  private static final long POLL_MS = 40;

  private Eventually() {}

  /** Waits until {@code condition} holds; returns how long that took. */
  public static Duration until(String what, Duration within, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
        last = null;
      } catch (RuntimeException e) {
        // an element replaced while we read it, a page still loading: ask again
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError error = new AssertionError("not within " + within.toMillis() + " ms: " + what);
        if (last != null) {
          error.initCause(last);
        }
        throw error;
      }
      sleep();
    }
  }

  /** Waits until {@code value} gives a non-null result and returns it. */
  public static <T> T value(String what, Duration within, Supplier<T> value) {
    Object[] holder = new Object[1];
    until(what, within, () -> (holder[0] = value.get()) != null);
    @SuppressWarnings("unchecked")
    T result = (T) holder[0];
    return result;
  }

  /** Asserts that {@code condition} holds at every poll for {@code during}. */
  public static void holds(String what, Duration during, BooleanSupplier condition) {
    long deadline = System.nanoTime() + during.toNanos();
    while (System.nanoTime() < deadline) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("stopped holding: " + what);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
