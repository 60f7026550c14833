package io.switchboard.common.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests sent again when they could not be delivered (the node that had the handler died). */
class RequestRetryingTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aRequestWithNoHandlerYetIsSentAgainAndAnsweredByTheHandlerThatAppears() {
    vertx.setTimer(50, id -> Bus.serve(vertx, "svc", json -> Future.succeededFuture(json.put("ok", true))));

    JsonObject reply = Bus.requestRetrying(vertx, "svc", new JsonObject().put("n", 1), 1_000, false).await();

    assertEquals(new JsonObject().put("n", 1).put("ok", true), reply);
  }

  @Test
  void aFailureTheServiceRepliedIsNotSentAgain() {
    AtomicInteger calls = new AtomicInteger();
    Bus.serve(vertx, "svc", json -> {
      calls.incrementAndGet();
      return Future.failedFuture(Failures.unavailable("database down"));
    }).completion().await();

    var failure = assertThrows(RuntimeException.class,
        () -> Bus.requestRetrying(vertx, "svc", new JsonObject(), 1_000, true).await());

    assertEquals(FailureCode.UNAVAILABLE, Failures.code(failure));
    assertEquals(1, calls.get());
  }

  @Test
  void aTimeoutIsSentAgainOnlyForAnIdempotentRequest() {
    AtomicInteger calls = new AtomicInteger();
    // Never answers: every attempt times out.
    vertx.eventBus().consumer("silent", message -> calls.incrementAndGet()).completion().await();

    assertThrows(RuntimeException.class, () -> Bus.requestRetrying(vertx, "silent", new JsonObject(), 50, false).await());
    assertEquals(1, calls.get());
    var failure = assertThrows(RuntimeException.class,
        () -> Bus.requestRetrying(vertx, "silent", new JsonObject(), 50, true).await());
    assertEquals(FailureCode.UNAVAILABLE, Failures.code(failure));
    assertEquals(1 + Bus.RETRY_ATTEMPTS, calls.get());
  }

  @Test
  void aServedRequestIsCountedInFlightUntilItsReplyIsSent() {
    var release = Promise.<JsonObject>promise();
    Bus.serve(vertx, "slow", json -> release.future()).completion().await();

    Future<JsonObject> reply = Bus.request(vertx.eventBus(), "slow", new JsonObject());
    long deadline = System.currentTimeMillis() + 5_000;
    while (BusDrain.inFlight(vertx) == 0 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(1, BusDrain.inFlight(vertx));
    release.complete(new JsonObject().put("done", true));
    assertEquals(new JsonObject().put("done", true), reply.await());
    assertEquals(Boolean.TRUE, BusDrain.awaitIdle(vertx, 5_000).await(), "idle once the reply went out");
  }
}
