package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Open-loop load: request k is sent at start + k / rate whatever the earlier ones are doing, and
 * its latency is counted from that scheduled time (not from when it was actually sent), so a
 * stalled server is charged for the requests it delayed (no coordinated omission).
 */
public final class OpenLoop {

  /** What one run measured. */
  public record Result(Samples latency, int sent, int failed, double achievedRate) {}

  private OpenLoop() {}

  /** Runs {@code seconds} at {@code rate}; waits for every response (or failure) and returns. */
  public static Result run(Vertx vertx, double rate, double seconds, IntFunction<Future<?>> request) {
    int total = (int) Math.round(rate * seconds);
    Samples latency = new Samples();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Promise<Long> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      long start = System.nanoTime();
      tick(vertx, start, 0, total, rate, i -> {
        long scheduled = start + (long) (i * 1e9 / rate);
        Future<?> sent;
        try {
          sent = request.apply(i);
        } catch (RuntimeException e) {
          sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
          long now = System.nanoTime();
          if (ar.succeeded()) {
            latency.add(now - scheduled);
          } else {
            failed.incrementAndGet();
          }
          if (finished.incrementAndGet() == total) {
            done.complete(now - start);
          }
        });
      });
    });
    long nanos = total == 0 ? 1 : done.future().await();
    return new Result(latency, total, failed.get(), total / (nanos / 1e9));
  }

  private static void tick(Vertx vertx, long start, int sent, int total, double rate,
      IntConsumer send) {
    int due = (int) Math.min(total, Math.floor((System.nanoTime() - start) / 1e9 * rate) + 1);
    for (int i = sent; i < due; i++) {
      send.accept(i);
    }
    if (due >= total) {
      return;
    }
    long nextDue = start + (long) (due * 1e9 / rate);
    long delayMs = Math.max(1, (nextDue - System.nanoTime()) / 1_000_000);
    vertx.setTimer(delayMs, id -> tick(vertx, start, due, total, rate, send));
  }
}
