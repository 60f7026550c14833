package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.IntFunction;

/**
 * Runs {@code tasks} tasks with at most {@code inflight} in progress, starting the next one as soon
 * as one finishes, all on one Vert.x event loop of its own (so the load generator never blocks the
 * services it drives). The first failing task fails the run.
 */
public final class ClosedLoop {
  private final int tasks;
  private final int inflight;
  private final IntFunction<Future<?>> task;
  private final Promise<Long> done = Promise.promise();
  private int started;
  private int finished;
  private long startNanos;

  private ClosedLoop(int tasks, int inflight, IntFunction<Future<?>> task) {
    this.tasks = tasks;
    this.inflight = inflight;
    this.task = task;
  }

  /** Runs the loop and waits for it from a plain thread; returns the elapsed nanoseconds. */
  public static long run(Vertx vertx, int tasks, int inflight, IntFunction<Future<?>> task) {
    ClosedLoop loop = new ClosedLoop(tasks, inflight, task);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> loop.start());
    return loop.done.future().await();
  }

  private void start() {
    startNanos = System.nanoTime();
    if (tasks == 0) {
      done.tryComplete(0L);
      return;
    }
    for (int i = 0; i < Math.min(inflight, tasks); i++) {
      next();
    }
  }

  private void next() {
    int index = started++;
    Future<?> running;
    try {
      running = task.apply(index);
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    running.onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      finished++;
      if (finished == tasks) {
        done.tryComplete(System.nanoTime() - startNanos);
      } else if (started < tasks) {
        next();
      }
    });
  }
}
