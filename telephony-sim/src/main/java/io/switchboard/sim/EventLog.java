package io.switchboard.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An append-only log that tests can wait on with a deadline instead of sleeping: {@link #await}
 * answers the earliest matching entry, already there or still to come; {@link #next} does the same
 * but hands each entry out only once (e.g. "the next incoming call").
 */
final class EventLog<T> {
  private record Waiter<T>(Predicate<T> match, boolean consume, Promise<T> promise) {}

  private final Context context;
  private final String owner;
  private final List<T> entries = new CopyOnWriteArrayList<>();
  private final Set<T> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Waiter<T>> waiters = new ArrayList<>();

  EventLog(Context context, String owner) {
    this.context = context;
    this.owner = owner;
  }

  /** Appends; event-loop only. */
  void add(T entry) {
    entries.add(entry);
    Iterator<Waiter<T>> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter<T> waiter = it.next();
      if (waiter.match().test(entry) && !(waiter.consume() && handedOut.contains(entry))) {
        it.remove();
        if (waiter.consume()) {
          handedOut.add(entry);
        }
        waiter.promise().tryComplete(entry);
      }
    }
  }

  List<T> snapshot() {
    return List.copyOf(entries);
  }

  Future<T> await(Predicate<T> match, Duration within, String what) {
    return wait(match, within, what, false);
  }

  Future<T> next(Predicate<T> match, Duration within, String what) {
    return wait(match, within, what, true);
  }

  private Future<T> wait(Predicate<T> match, Duration within, String what, boolean consume) {
    return OnContext.run(context, () -> {
      for (T entry : entries) {
        if (match.test(entry) && !(consume && handedOut.contains(entry))) {
          if (consume) {
            handedOut.add(entry);
          }
          return Future.succeededFuture(entry);
        }
      }
      Promise<T> promise = Promise.promise();
      Waiter<T> waiter = new Waiter<>(match, consume, promise);
      waiters.add(waiter);
      long timer = context.owner().setTimer(Math.max(1, within.toMillis()), id -> {
        waiters.remove(waiter);
        promise.tryFail(new TimeoutException(owner + ": no " + what + " within " + within + "; seen: " + entries));
      });
      promise.future().onComplete(done -> context.owner().cancelTimer(timer));
      return promise.future();
    });
  }
}
