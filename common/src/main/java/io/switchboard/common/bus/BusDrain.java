package io.switchboard.common.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a graceful stop needs to know about the requests a process serves through {@link Bus#serve}:
 * its consumers (to stop taking new requests, so the cluster sends them to another instance) and
 * how many requests are in flight (so their replies go out before the node leaves the cluster).
 * The state lives in the Vert.x instance's local shared data, so it ends with that instance.
 */
public final class BusDrain {
  private static final String MAP = "switchboard.bus.drain";
  private static final long POLL_MS = 10;

  /** The served consumers and in-flight requests of one Vert.x instance. */
  static final class State implements Shareable {
    final Set<MessageConsumer<?>> consumers = ConcurrentHashMap.newKeySet();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean draining;
  }

  private BusDrain() {}

  static State of(Vertx vertx) {
    return vertx.sharedData().<String, State>getLocalMap(MAP).computeIfAbsent("state", k -> new State());
  }

  /** Requests being handled by this process's {@link Bus#serve} consumers right now. */
  public static int inFlight(Vertx vertx) {
    return of(vertx).inFlight.get();
  }

  /** True once {@link #stopServing} was called. */
  public static boolean draining(Vertx vertx) {
    return of(vertx).draining;
  }

  /**
   * Unregisters every consumer registered through {@link Bus#serve}; completes when the cluster's
   * subscription map no longer names this node for them. Requests already being handled go on.
   */
  public static Future<Void> stopServing(Vertx vertx) {
    State state = of(vertx);
    state.draining = true;
    List<Future<Void>> unregistered = new ArrayList<>();
    for (MessageConsumer<?> consumer : List.copyOf(state.consumers)) {
      unregistered.add(consumer.unregister().otherwiseEmpty());
      state.consumers.remove(consumer);
    }
    return Future.all(unregistered).mapEmpty();
  }

  /** Completes with true once no request is in flight, or with false after {@code timeoutMs}. */
  public static Future<Boolean> awaitIdle(Vertx vertx, long timeoutMs) {
    State state = of(vertx);
    if (state.inFlight.get() == 0) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> idle = Promise.promise();
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    vertx.setPeriodic(POLL_MS, id -> {
      if (state.inFlight.get() == 0 || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        idle.tryComplete(state.inFlight.get() == 0);
      }
    });
    return idle.future();
  }
}
