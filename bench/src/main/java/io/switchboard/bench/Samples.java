package io.switchboard.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, appended from one thread at a time; percentiles in milliseconds. */
public final class Samples {
  private long[] values = new long[1024];
  private int size;
  private boolean sorted;

  public synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sorted = false;
  }

  public synchronized int size() {
    return size;
  }

  /** The {@code p}-th percentile (0..100, nearest rank) in milliseconds; 0 when empty. */
  public synchronized double percentileMs(double p) {
    if (size == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(p / 100.0 * size);
    return values[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  public synchronized double maxMs() {
    return percentileMs(100);
  }
}
