package io.switchboard.bridge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account and per client address in a sliding window; at the limit,
 * further attempts are refused without checking the password until the oldest failure ages out.
 * Per process: behind several bridges an attacker gets the limit once per bridge, which still
 * turns a brute force into a crawl. A success clears the account's failures (not the address's).
 */
final class LoginRateLimiter {
  static final int DEFAULT_MAX_FAILURES = 10;
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  /** Bounds memory under a flood of distinct keys; beyond it the oldest-looking keys are dropped. */
  private static final int MAX_KEYS = 100_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginRateLimiter(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  static String accountKey(String email) {
    return "account:" + email.trim().toLowerCase(java.util.Locale.ROOT);
  }

  static String addressKey(String ip) {
    return "ip:" + ip;
  }

  /** How long until another attempt is allowed, or empty when it is allowed now. */
  Optional<Duration> blockedFor(String... keys) {
    Instant now = clock.instant();
    Duration longest = null;
    for (String key : keys) {
      Deque<Instant> times = failures.get(key);
      if (times == null) {
        continue;
      }
      synchronized (times) {
        prune(times, now);
        if (times.size() >= maxFailures) {
          Duration wait = Duration.between(now, times.peekFirst().plus(window));
          if (longest == null || wait.compareTo(longest) > 0) {
            longest = wait;
          }
        }
      }
    }
    return Optional.ofNullable(longest);
  }

  void recordFailure(String... keys) {
    Instant now = clock.instant();
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().removeIf(e -> isStale(e.getValue(), now));
    }
    for (String key : keys) {
      Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (times) {
        prune(times, now);
        times.addLast(now);
      }
    }
  }

  void recordSuccess(String accountKey) {
    failures.remove(accountKey);
  }

  private boolean isStale(Deque<Instant> times, Instant now) {
    synchronized (times) {
      prune(times, now);
      return times.isEmpty();
    }
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant cutoff = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.removeFirst();
    }
  }
}
