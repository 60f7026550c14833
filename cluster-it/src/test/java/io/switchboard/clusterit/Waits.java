package io.switchboard.clusterit;

import io.switchboard.common.testing.Poll;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The cluster is watched from outside, so the test polls for what it expects to see. */
final class Waits {
  /** How long anything the test waits for may take. */
  static final Duration WITHIN = Duration.ofSeconds(15);

  private Waits() {}

  static void until(BooleanSupplier probe, String what) {
    Poll.until(probe, WITHIN, Duration.ofMillis(25), what);
  }

  static void sleep(long ms) {
    Poll.sleep(ms);
  }
}
