package io.switchboard.presence;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.OrgQuery;
import io.switchboard.common.contract.OrgView;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
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

  private final EventBus bus;
  private final Duration fallback;
  private final LongSupplier clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  WrapUpTimes(EventBus bus, Duration fallback, LongSupplier clock) {
    this.bus = bus;
    this.fallback = fallback;
    this.clock = clock;
  }

  Future<Duration> of(String orgId) {
    long now = clock.getAsLong();
    Cached cached = cache.get(orgId);
    if (cached != null && cached.expiresAt() > now) {
      return Future.succeededFuture(cached.wrapUp());
    }
    return Bus.request(bus, Addresses.DIRECTORY_ORG, new OrgQuery(orgId).toJson(), LOOKUP_TIMEOUT_MS)
        .map(json -> {
          Integer seconds = OrgView.fromJson(json).wrapUpSeconds();
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
