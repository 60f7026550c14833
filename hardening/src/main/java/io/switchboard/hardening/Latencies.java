package io.switchboard.hardening;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies (ms) per operation and answers per operation and status, from many threads. */
public final class Latencies {
  private final Map<String, ConcurrentLinkedQueue<Long>> samples = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public void record(String op, long millis, int status) {
    samples.computeIfAbsent(op, k -> new ConcurrentLinkedQueue<>()).add(millis);
    counts.computeIfAbsent(op + " " + status, k -> new AtomicLong()).incrementAndGet();
  }

  public void count(String what) {
    counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  public long count(String what, long fallback) {
    AtomicLong n = counts.get(what);
    return n == null ? fallback : n.get();
  }

  /** The {@code q} quantile (0..1) of an operation's latencies, or -1 without samples. */
  public long quantile(String op, double q) {
    ConcurrentLinkedQueue<Long> values = samples.get(op);
    if (values == null || values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public Set<String> ops() {
    return new TreeSet<>(samples.keySet());
  }

  public int samples(String op) {
    ConcurrentLinkedQueue<Long> values = samples.get(op);
    return values == null ? 0 : values.size();
  }
}
