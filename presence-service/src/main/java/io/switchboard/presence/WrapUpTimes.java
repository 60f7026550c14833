package io.switchboard.presence;

import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each org's after-call work time, from the directory, cached briefly. The directory is asked with
 * a short timeout and its silence means the process default: an agent's availability must be out
 * within a second of the call ending, whatever the directory is doing.
 */
final class WrapUpTimes {
  static final long LOOKUP_TIMEOUT_MS = 300;
  static final long CACHE_MS = 30_000;
  /** After a failed lookup the default is used for this long before the directory is asked again. */
  static final long FAILURE_CACHE_MS = 5_000;

  private record Cached(Duration wrapUp, long expiresAt) {}

  /** Asks with {@link #LOOKUP_TIMEOUT_MS}. */
  private final Peers peers;
  private final Duration fallback;
  private final LongSupplier clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  WrapUpTimes(Peers peers, Duration fallback, LongSupplier clock) {
    this.peers = peers;
    this.fallback = fallback;
    this.clock = clock;
  }

  Future<Duration> of(String orgId) {
    long now = clock.getAsLong();
    Cached cached = cache.get(orgId);
    if (cached != null && cached.expiresAt() > now) {
      return Future.succeededFuture(cached.wrapUp());
    }
    return peers.org(orgId)
        .map(org -> {
          Integer seconds = org.wrapUpSeconds();
          Duration wrapUp = seconds == null || seconds < 0 ? fallback : Duration.ofSeconds(seconds);
          cache.put(orgId, new Cached(wrapUp, now + CACHE_MS));
          return wrapUp;
        })
        .recover(t -> {
          cache.put(orgId, new Cached(fallback, now + FAILURE_CACHE_MS));
          return Future.succeededFuture(fallback);
        });
  }
}
