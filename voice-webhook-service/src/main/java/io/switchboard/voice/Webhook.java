package io.switchboard.voice;

import io.switchboard.common.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts one webhook (parameters in, TwiML out) to a route. Parameters are read synchronously, so
 * a missing or malformed one is a 400 before anything happens. A failure after that answers with
 * the webhook's fallback TwiML when a caller is on the line (Twilio would otherwise play an
 * application error to the caller), or with the shared JSON error for pure status callbacks.
 */
final class Webhook implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);

  private final Function<TwilioRequest, Future<String>> handler;
  private final Supplier<String> fallback;

  private Webhook(Function<TwilioRequest, Future<String>> handler, Supplier<String> fallback) {
    this.handler = handler;
    this.fallback = fallback;
  }

  /** A webhook whose caller is on the line: failures still answer with {@code fallback}'s TwiML. */
  static Webhook serving(Function<TwilioRequest, Future<String>> handler, Supplier<String> fallback) {
    return new Webhook(handler, fallback);
  }

  /** A status callback: failures answer with the shared JSON error. */
  static Webhook status(Function<TwilioRequest, Future<String>> handler) {
    return new Webhook(handler, null);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<String> answer;
    try {
      answer = handler.apply(new TwilioRequest(ctx));
    } catch (RuntimeException e) {
      HttpErrors.respond(ctx, e);
      return;
    }
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        send(ctx, ar.result());
      } else if (fallback != null) {
        LOG.warn("{} failed, answering with the fallback: {}", ctx.request().path(), ar.cause().toString());
        send(ctx, fallback.get());
      } else {
        HttpErrors.respond(ctx, ar.cause());
      }
    });
  }

  private static void send(RoutingContext ctx, String twiml) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(twiml);
    }
  }
}
