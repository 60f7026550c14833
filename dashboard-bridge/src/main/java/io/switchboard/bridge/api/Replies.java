package io.switchboard.bridge.api;

import io.switchboard.common.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with a JSON answer or the shared failure shape. */
public final class Replies {
  private Replies() {}

  static void json(RoutingContext ctx, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(200)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** Answers with the future's JSON, or maps its failure (never leaves the request hanging). */
  public static void from(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, ar.result());
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof HttpProblem problem) {
      if (problem.retryAfterSeconds > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds));
      }
      HttpErrors.send(ctx.response(), problem.status, problem.code, problem.getMessage());
    } else {
      HttpErrors.respond(ctx, failure);
    }
  }
}
