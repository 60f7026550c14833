package io.switchboard.common.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Starts Vert.x client work on a Vert.x context, for code running on a plain thread (tests, load generators).
 *
 * <p>Why: with Vert.x 5.0.10, an {@code HttpClient} request on a pooled keep-alive connection that
 * is started from a thread that is not a Vert.x thread (a JUnit thread calling {@code .await()})
 * occasionally never completes: reproduced here with a trivial server, one request in a few hundred
 * to a few thousand hung, whatever the status code. The same requests started on a Vert.x context,
 * or without keep-alive, all completed (4,000 of 4,000). Production code always starts requests on
 * Vert.x threads; test clients and the benchmarks go through this.
 */
public final class OnContext {
  private OnContext() {}

  public static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }
}
