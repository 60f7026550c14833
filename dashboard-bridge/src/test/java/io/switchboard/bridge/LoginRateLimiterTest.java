package io.switchboard.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginRateLimiterTest {
  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LoginRateLimiter limiter = new LoginRateLimiter(3, Duration.ofMinutes(5), clock);
  private final String account = LoginRateLimiter.accountKey("Ann@Acme.test");
  private final String address = LoginRateLimiter.addressKey("10.0.0.1");

  @Test
  void blocksAtTheLimitUntilTheOldestFailureAgesOut() {
    limiter.recordFailure(account, address);
    clock.now = clock.now.plusSeconds(60);
    limiter.recordFailure(account, address);
    assertEquals(Optional.empty(), limiter.blockedFor(account, address));
    limiter.recordFailure(account, address);

    assertEquals(Optional.of(Duration.ofMinutes(4)), limiter.blockedFor(account, address));

    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertEquals(Optional.empty(), limiter.blockedFor(account, address), "the first failure has aged out");
  }

  @Test
  void accountKeysIgnoreCaseAndSurroundingSpace() {
    assertEquals(account, LoginRateLimiter.accountKey("  ann@ACME.test "));
  }

  @Test
  void successClearsTheAccountButNotTheAddress() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure(account, address);
    }

    limiter.recordSuccess(account);

    assertEquals(Optional.empty(), limiter.blockedFor(account));
    assertTrue(limiter.blockedFor(address).isPresent());
  }
}
