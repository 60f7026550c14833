package io.switchboard.common.bus;

import io.switchboard.common.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two halves of every request on the event bus: {@link #serve} registers a consumer that turns
 * a JSON request into a JSON reply (or a shared failure), {@link #request} sends one and normalizes
 * whatever comes back. Every service uses these, so every failure has the same shape.
 */
public final class Bus {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
  /** Default request timeout; a service that takes longer is treated as unavailable. */
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private Bus() {}

  /**
   * Serves {@code address} with {@code handler}. A handler may throw a failure built by
   * {@link Failures} (for example while decoding) or return a failed future; both become replies.
   */
  public static MessageConsumer<JsonObject> serve(Vertx vertx, String address,
      Function<JsonObject, Future<JsonObject>> handler) {
    // Known to BusDrain, so a graceful stop can unregister it and wait for its requests in flight.
    BusDrain.State drain = BusDrain.of(vertx);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, message -> {
      drain.inFlight.incrementAndGet();
      handle(address, message, handler).onComplete(ar -> drain.inFlight.decrementAndGet());
    });
    drain.consumers.add(consumer);
    return consumer;
  }

  /** Handles one request; the returned future completes once the reply has been sent. */
  private static Future<JsonObject> handle(String address, Message<JsonObject> message,
      Function<JsonObject, Future<JsonObject>> handler) {
    Future<JsonObject> reply;
    try {
      Object body = message.body();
      if (!(body instanceof JsonObject)) {
        throw Failures.badRequest("a JSON object is required");
      }
      reply = handler.apply((JsonObject) body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    return reply.andThen(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        var failure = Failures.normalize(ar.cause());
        Metrics.busFailure(address, Failures.code(failure).name());
        if (failure.failureCode() == FailureCode.UNAVAILABLE.status()) {
          LOG.warn("{} failed: {}", address, ar.cause().toString());
        }
        message.reply(failure);
      }
    });
  }

  public static Future<JsonObject> request(EventBus bus, String address, JsonObject body) {
    return request(bus, address, body, DEFAULT_TIMEOUT_MS);
  }

  /** Attempts of {@link #requestRetrying}, and the pause before the second (doubling after). */
  public static final int RETRY_ATTEMPTS = 3;
  public static final long RETRY_PAUSE_MS = 100;

  /**
   * A request that may be sent again when it could not be delivered: in a cluster, the instance the
   * event bus picked may just have died (no handler there, or no connection to it), and another
   * instance of the same service can answer. Retries up to {@link #RETRY_ATTEMPTS} times; a
   * timeout (the request may have been handled) is retried only when {@code idempotent}, i.e.
   * handling it twice is harmless (a create keyed by its id, a guarded transition whose repeat is a
   * 409 the caller accepts). Failures the service itself replied are never retried.
   */
  public static Future<JsonObject> requestRetrying(Vertx vertx, String address, JsonObject body, long timeoutMs,
      boolean idempotent) {
    return attempt(vertx, address, body, timeoutMs, idempotent, 1);
  }

  private static Future<JsonObject> attempt(Vertx vertx, String address, JsonObject body, long timeoutMs,
      boolean idempotent, int attempt) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(Message::body)
        .recover(t -> {
          if (attempt < RETRY_ATTEMPTS && undelivered(t, idempotent)) {
            LOG.info("{} not delivered ({}), sending it again", address, t.getMessage());
            return vertx.timer(RETRY_PAUSE_MS << (attempt - 1))
                .compose(v -> attempt(vertx, address, body, timeoutMs, idempotent, attempt + 1));
          }
          return Future.failedFuture(Failures.normalize(t));
        });
  }

  private static boolean undelivered(Throwable t, boolean idempotent) {
    if (!(t instanceof ReplyException re)) {
      return false;
    }
    return switch (re.failureType()) {
      case NO_HANDLERS, ERROR -> true;
      case TIMEOUT -> idempotent;
      default -> false;
    };
  }

  public static Future<JsonObject> request(EventBus bus, String address, JsonObject body, long timeoutMs) {
    return bus.<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(Message::body)
        .recover(t -> Future.failedFuture(Failures.normalize(t)));
  }
}
