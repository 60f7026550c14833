package io.switchboard.bridge.auth;

import io.switchboard.bridge.directory.DirectorySql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address in a sliding window; at a key's limit,
 * further attempts are refused without checking the password until enough failures age out. An
 * address gets a larger allowance than an account: a contact center's agents often share one
 * public address, and a few typos at the morning log-in must not lock everyone out, while one
 * account still gets only a handful of guesses and spraying many accounts is still stopped. The
 * failures live in PostgreSQL ({@code directory.login_failures}), so the limit holds for the whole
 * deployment however many bridge pods serve logins. A success clears the account's failures (not
 * the address's). Times come from {@code clock}, not the database's, so every node agrees with the
 * window it computes.
 */
public final class LoginRateLimiter {
  public static final int DEFAULT_MAX_FAILURES = 10;
  public static final int DEFAULT_MAX_ADDRESS_FAILURES = 100;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  private static final String ACCOUNT = "account:";
  private static final String ADDRESS = "ip:";
  /** Longest key kept (an e-mail address is at most 254 characters; the table allows 600). */
  private static final int MAX_KEY = 300;


  private final Pool pool;
  private final int maxFailures;
  private final int maxAddressFailures;
  private final Duration window;
  private final Clock clock;

  /** {@code maxFailures} per account and {@code maxAddressFailures} per address in {@code window}. */
  public LoginRateLimiter(Pool pool, int maxFailures, int maxAddressFailures, Duration window, Clock clock) {
    this.pool = pool;
    this.maxFailures = maxFailures;
    this.maxAddressFailures = maxAddressFailures;
    this.window = window;
    this.clock = clock;
  }

  public static String accountKey(String email) {
    return bounded(ACCOUNT + email.trim().toLowerCase(Locale.ROOT));
  }

  public static String addressKey(String ip) {
    return bounded(ADDRESS + ip);
  }

  private static String bounded(String key) {
    return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
  }

  /** How long until another attempt is allowed, or empty when it is allowed now. */
  public Future<Optional<Duration>> blockedFor(String... keys) {
    Instant now = clock.instant();
    Tuple args = Tuple.of(keys, utc(now.minus(window)), maxFailures, maxAddressFailures, ADDRESS);
    return pool.preparedQuery(DirectorySql.LOGIN_FAILURES_AT_LIMIT).execute(args).map(rows -> {
      Duration longest = null;
      for (Row row : rows) {
        Duration wait = Duration.between(now, row.getOffsetDateTime("failed_at").toInstant().plus(window));
        if (longest == null || wait.compareTo(longest) > 0) {
          longest = wait;
        }
      }
      return Optional.ofNullable(longest);
    });
  }

  public Future<Void> recordFailure(String... keys) {
    Instant now = clock.instant();
    return pool.preparedQuery(DirectorySql.INSERT_LOGIN_FAILURES).execute(Tuple.of(keys, utc(now), utc(now.minus(window)))).mapEmpty();
  }

  public Future<Void> recordSuccess(String accountKey) {
    return pool.preparedQuery(DirectorySql.CLEAR_LOGIN_FAILURES).execute(Tuple.of(accountKey)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
