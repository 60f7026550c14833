package io.switchboard.common.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.switchboard.common.bus.Failures;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single mapping from a failure to an HTTP response: the {@code FailureCode} is the status and
 * the body is {@code {"error": CODE, "message": ...}}. Routes call {@link #respond}; routers get
 * {@link #install} so that even Vert.x Web's own errors (bad JSON, too large, 404) use the shape.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  public static void respond(RoutingContext ctx, Throwable failure) {
    var normalized = Failures.normalize(failure);
    if (normalized.failureCode() >= 500) {
      LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), failure.toString());
    }
    send(ctx.response(), normalized.failureCode(), Failures.body(normalized));
  }

  public static void send(HttpServerResponse response, int status, JsonObject body) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  public static void send(HttpServerResponse response, int status, String code, String message) {
    send(response, status, new JsonObject().put("error", code).put("message", message));
  }

  /** Makes every error a router produces by itself answer in the shared JSON shape. */
  public static void install(Router router) {
    router.errorHandler(400, ctx -> fromRouter(ctx, 400, "BAD_REQUEST", "bad request"));
    router.errorHandler(401, ctx -> fromRouter(ctx, 401, "UNAUTHORIZED", "authentication required"));
    router.errorHandler(403, ctx -> fromRouter(ctx, 403, "FORBIDDEN", "forbidden"));
    router.errorHandler(404, ctx -> fromRouter(ctx, 404, "NOT_FOUND", "no such resource"));
    router.errorHandler(405, ctx -> fromRouter(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed"));
    router.errorHandler(413, ctx -> fromRouter(ctx, 413, "PAYLOAD_TOO_LARGE", "request body too large"));
    router.errorHandler(415, ctx -> fromRouter(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "unsupported content type"));
    router.errorHandler(500, ctx -> {
      int clientError = clientErrorStatus(ctx.failure());
      if (clientError == 400) {
        fromRouter(ctx, 400, "BAD_REQUEST", "malformed request body");
      } else if (clientError == 413) {
        fromRouter(ctx, 413, "PAYLOAD_TOO_LARGE", "a form field is too large");
      } else if (ctx.failure() != null) {
        respond(ctx, ctx.failure());
      } else {
        fromRouter(ctx, 503, "UNAVAILABLE", "internal error");
      }
    });
  }

  /**
   * 400 or 413 when a body handler failed on the client's bytes (a form body Netty cannot decode,
   * a form field over the limit), which Vert.x Web reports as a 500; 0 for anything else.
   */
  static int clientErrorStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpPostRequestDecoder.TooLongFormFieldException
          || t instanceof TooLongFrameException || isFormSizeLimit(t)) {
        return 413;
      }
      if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException
          || t instanceof HttpPostRequestDecoder.NotEnoughDataDecoderException) {
        return 400;
      }
    }
    return 0;
  }

  /** Netty's form decoder reports a field over its size limit as a bare IOException with this message. */
  private static boolean isFormSizeLimit(Throwable t) {
    return t instanceof IOException && t.getMessage() != null
        && t.getMessage().startsWith("Size exceed allowed maximum capacity");
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: a request Netty could not even parse (a line or
   * headers over the limits, a broken request line) gets the shared JSON shape too, instead of the
   * default empty 414/431/400, and the connection is closed as the default handler does.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String code = "BAD_REQUEST";
    String message = "malformed HTTP request";
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "URI_TOO_LONG";
      message = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "HEADERS_TOO_LARGE";
      message = "the request headers are too large";
    }
    request.response().putHeader("Connection", "close");
    send(request.response(), status, code, message);
  }

  private static void fromRouter(RoutingContext ctx, int status, String code, String fallback) {
    Throwable failure = ctx.failure();
    int clientError = clientErrorStatus(failure);
    if (clientError == 413) {
      send(ctx.response(), 413, "PAYLOAD_TOO_LARGE", "a form field is too large");
      return;
    }
    if (clientError == 400) {
      send(ctx.response(), 400, "BAD_REQUEST", "malformed request body");
      return;
    }
    if (failure != null && !(failure instanceof HttpException)) {
      respond(ctx, failure);
      return;
    }
    String message = failure != null && failure.getMessage() != null ? failure.getMessage() : fallback;
    send(ctx.response(), status, code, message);
  }
}
