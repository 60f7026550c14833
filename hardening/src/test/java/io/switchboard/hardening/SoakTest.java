package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scaled soak: {@code hardening.soak.seconds} (default 180) of continuous calls answered,
 * parked, retrieved and hung up by six agents whose sockets drop and reopen. Nothing may leak and
 * the server may never answer 5xx. {@code ./switchboard soak --minutes N} runs the same for longer.
 */
@ExtendWith(PgTestDatabase.class)
class SoakTest {
  static final long SECONDS = Long.getLong("hardening.soak.seconds", 180);

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void continuousTrafficLeavesNoRowsBehindAndNeverAnswers5xx(TestDatabase db) throws Exception {
    try (Stack stack = Stack.start(TestConfigs.values(db.url()), db.url(), 0.1, 6)) {
      Soak.Report report = new Soak(stack, new Soak.Options(Duration.ofSeconds(SECONDS), 6, 700, 42)).run();
      System.out.print(report.block());
      assertEquals(0, report.leakedRows(), "leaked rows: " + report.leaks());
      assertEquals(0, report.serverErrors(), "5xx answers: " + report.answers());
      assertTrue(report.callsAnswered() > SECONDS / 3, "calls were answered: " + report.callsAnswered());
      assertTrue(report.parked() > 0 && report.retrieved() > 0, "calls were parked and retrieved");
      assertTrue(report.reconnects() > 0, "browsers reconnected");
    }
  }

  @AfterAll
  static void printStalls() {
  }
}
