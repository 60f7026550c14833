package io.switchboard.claims;

import io.switchboard.common.contract.CallView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who won which call, remembered for a while so repeated and late claims are answered without
 * PostgreSQL. Bounded (oldest dropped first) and expiring; a miss only costs a read, because
 * PostgreSQL still holds the answer. Not thread-safe: owned by the {@link ClaimArbiter}'s thread.
 */
final class DecidedClaims {

  /** The decided claim of a call: the call as it was when decided, and the winner. */
  record Decision(CallView call, String winner) {}

  private record Entry(Decision decision, long storedAtMs) {}

  private final int capacity;
  private final long ttlMs;
  private final LongSupplier clockMs;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > capacity;
    }
  };

  DecidedClaims(int capacity, Duration ttl, LongSupplier clockMs) {
    this.capacity = capacity;
    this.ttlMs = ttl.toMillis();
    this.clockMs = clockMs;
  }

  Decision get(String callSid) {
    Entry entry = entries.get(callSid);
    if (entry == null) {
      return null;
    }
    if (clockMs.getAsLong() - entry.storedAtMs() > ttlMs) {
      entries.remove(callSid);
      return null;
    }
    return entry.decision();
  }

  void put(String callSid, Decision decision) {
    entries.remove(callSid);
    entries.put(callSid, new Entry(decision, clockMs.getAsLong()));
  }

  void forget(String callSid) {
    entries.remove(callSid);
  }

  int size() {
    return entries.size();
  }
}
