package io.switchboard.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The simulator's state lives on one event loop (its verticle's context), so it needs no locks:
 * the public API hops onto that context before touching it.
 */
final class OnContext {
  private OnContext() {}

  static <T> Future<T> run(Context context, Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return safely(work);
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> safely(work).onComplete(promise));
    return promise.future();
  }

  private static <T> Future<T> safely(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
