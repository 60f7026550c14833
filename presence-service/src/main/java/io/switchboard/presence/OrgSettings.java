package io.switchboard.presence;

import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-org settings presence applies (after-call work time, the missed-rings limit), from the
 * directory, cached briefly. The directory is asked with a short timeout and its silence means the
 * process defaults: an agent's availability must be out within a second of the call ending,
 * whatever the directory is doing.
 */
final class OrgSettings {
  static final long LOOKUP_TIMEOUT_MS = 300;
  static final long CACHE_MS = 30_000;
  /** After a failed lookup the defaults are used for this long before the directory is asked again. */
  static final long FAILURE_CACHE_MS = 5_000;

  /** One org's settings, the process defaults filled in. */
  record Settings(Duration wrapUp, int maxMissedRings) {}

  private record Cached(Settings settings, long expiresAt) {}

  /** Asks with {@link #LOOKUP_TIMEOUT_MS}. */
  private final Peers peers;
  private final Settings defaults;
  private final LongSupplier clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  OrgSettings(Peers peers, Settings defaults, LongSupplier clock) {
    this.peers = peers;
    this.defaults = defaults;
    this.clock = clock;
  }

  Future<Settings> of(String orgId) {
    long now = clock.getAsLong();
    Cached cached = cache.get(orgId);
    if (cached != null && cached.expiresAt() > now) {
      return Future.succeededFuture(cached.settings());
    }
    return peers.org(orgId)
        .map(org -> {
          Integer seconds = org.wrapUpSeconds();
          Integer maxMissed = org.maxMissedRings();
          Settings settings = new Settings(
              seconds == null || seconds < 0 ? defaults.wrapUp() : Duration.ofSeconds(seconds),
              maxMissed == null || maxMissed < 0 ? defaults.maxMissedRings() : maxMissed);
          cache.put(orgId, new Cached(settings, now + CACHE_MS));
          return settings;
        })
        .recover(t -> {
          cache.put(orgId, new Cached(defaults, now + FAILURE_CACHE_MS));
          return Future.succeededFuture(defaults);
        });
  }
}
