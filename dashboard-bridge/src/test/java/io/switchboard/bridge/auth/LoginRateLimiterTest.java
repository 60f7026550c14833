package io.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The login limiter on PostgreSQL, with a clock the test moves by hand. */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class LoginRateLimiterTest {
  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final String account = LoginRateLimiter.accountKey("Ann@Acme.test");
  private final String address = LoginRateLimiter.addressKey("10.0.0.1");
  private Vertx vertx;
  private Pool pool;
  private LoginRateLimiter limiter;

  @BeforeEach
  void start(TestDatabase db) {
    vertx = Vertx.vertx();
    db.migrate(vertx, DashboardBridgeModule.SCHEMA).await();
    pool = db.pool(vertx);
    limiter = limiter();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A limiter as one bridge node has it: 3 failures per account, 5 per address, in 5 minutes. */
  private LoginRateLimiter limiter() {
    return new LoginRateLimiter(pool, 3, 5, Duration.ofMinutes(5), clock);
  }

  @Test
  void blocksAtTheLimitUntilTheOldestFailureAgesOut() {
    limiter.recordFailure(account, address).await();
    clock.now = clock.now.plusSeconds(60);
    limiter.recordFailure(account, address).await();
    assertEquals(Optional.empty(), limiter.blockedFor(account, address).await());
    limiter.recordFailure(account, address).await();

    assertEquals(Optional.of(Duration.ofMinutes(4)), limiter.blockedFor(account, address).await());

    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertEquals(Optional.empty(), limiter.blockedFor(account, address).await(), "the first failure has aged out");
  }

  @Test
  void anAddressGetsItsOwnLargerAllowance() {
    for (int i = 0; i < 4; i++) {
      limiter.recordFailure(LoginRateLimiter.accountKey("agent" + i + "@acme.test"), address).await();
    }
    assertEquals(Optional.empty(), limiter.blockedFor(account, address).await(),
        "four colleagues' typos behind one address lock nobody out");

    limiter.recordFailure(LoginRateLimiter.accountKey("agent4@acme.test"), address).await();

    assertEquals(Optional.of(Duration.ofMinutes(5)), limiter.blockedFor(account, address).await(),
        "the fifth failure from the address reaches its limit of 5");
  }

  @Test
  void theLimitHoldsAcrossBridgeNodes() {
    LoginRateLimiter otherNode = limiter();

    limiter.recordFailure(account).await();
    otherNode.recordFailure(account).await();
    limiter.recordFailure(account).await();

    assertTrue(otherNode.blockedFor(account).await().isPresent(), "3 failures on two nodes reach the limit of 3");
    assertTrue(limiter.blockedFor(account).await().isPresent());
  }

  @Test
  void moreFailuresThanTheLimitBlockUntilEnoughAgeOut() {
    // Nodes check before they count, so racing guesses can pass the limit: the wait covers them all.
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure(account).await();
      clock.now = clock.now.plusSeconds(60);
    }

    // failures at 0, 1, 2, 3, 4 min; now 5 min: back under 3 only once the one at 2 min ages out
    assertEquals(Optional.of(Duration.ofMinutes(2)), limiter.blockedFor(account).await());
  }

  @Test
  void failuresOutsideTheWindowArePurgedAsNewOnesArrive() {
    limiter.recordFailure(account, address).await();
    clock.now = clock.now.plus(Duration.ofMinutes(6));

    limiter.recordFailure(address).await();

    assertEquals(1L, pool.query("SELECT count(*) FROM directory.login_failures").execute().await()
        .iterator().next().getLong(0));
  }

  @Test
  void accountKeysIgnoreCaseAndSurroundingSpace() {
    assertEquals(account, LoginRateLimiter.accountKey("  ann@ACME.test "));
  }

  @Test
  void successClearsTheAccountButNotTheAddress() {
    for (int i = 0; i < 5; i++) {
      limiter.recordFailure(account, address).await();
    }

    limiter.recordSuccess(account).await();

    assertEquals(Optional.empty(), limiter.blockedFor(account).await());
    assertTrue(limiter.blockedFor(address).await().isPresent());
  }
}
