package io.switchboard.clusterit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The cluster is watched from outside, so the test polls for what it expects to see. */
final class Waits {
  /** How long anything the test waits for may take. */
  static final Duration WITHIN = Duration.ofSeconds(15);

  private Waits() {}

  static void until(BooleanSupplier probe, String what) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!probe.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(25);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
