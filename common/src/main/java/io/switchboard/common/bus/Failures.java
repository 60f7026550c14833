package io.switchboard.common.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Builds and reads the failures every service replies with.
 *
 * <p>A failure travels as a {@link ReplyException} whose code is a {@link FailureCode} and whose
 * message is the JSON error body {@code {"error": CODE, "message": ..., ...details}}. Keeping the
 * whole body in the message lets details (such as the winner of a lost claim) cross cluster nodes
 * with Vert.x's built-in codec, and lets a non-Java consumer read it.
 */
public final class Failures {
  private Failures() {}

  public static ReplyException of(FailureCode code, String message) {
    return of(code, message, null);
  }

  public static ReplyException of(FailureCode code, String message, JsonObject details) {
    JsonObject body = new JsonObject().put("error", code.name()).put("message", message);
    if (details != null) {
      details.forEach(e -> {
        if (!body.containsKey(e.getKey())) {
          body.put(e.getKey(), e.getValue());
        }
      });
    }
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code.status(), body.encode());
  }

  public static ReplyException badRequest(String message) {
    return of(FailureCode.BAD_REQUEST, message);
  }

  public static ReplyException forbidden(String message) {
    return of(FailureCode.FORBIDDEN, message);
  }

  public static ReplyException notFound(String message) {
    return of(FailureCode.NOT_FOUND, message);
  }

  public static ReplyException conflict(String message) {
    return of(FailureCode.CONFLICT, message);
  }

  public static ReplyException conflict(String message, JsonObject details) {
    return of(FailureCode.CONFLICT, message, details);
  }

  public static ReplyException unavailable(String message) {
    return of(FailureCode.UNAVAILABLE, message);
  }

  public static <T> Future<T> fail(FailureCode code, String message) {
    return Future.failedFuture(of(code, message));
  }

  /**
   * Turns any throwable into the shared shape. Known failures pass through; event-bus delivery
   * failures (no handler, timeout) and lost database connections are 503, because the caller may
   * retry elsewhere; everything else is reported as 503 too rather than leaking an internal error,
   * and logged by the caller.
   */
  public static ReplyException normalize(Throwable t) {
    if (t instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE
          && FailureCode.ofStatus(re.failureCode()).isPresent()) {
        return re;
      }
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return unavailable("no service is listening: " + re.getMessage());
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return unavailable("the service did not answer in time");
      }
      return unavailable("the service failed: " + re.getMessage());
    }
    if (t instanceof DecodeException) {
      return badRequest("malformed JSON: " + t.getMessage());
    }
    if (t instanceof IllegalArgumentException) {
      return badRequest(t.getMessage());
    }
    if (isDatabaseUnavailable(t)) {
      return unavailable("the database is unavailable");
    }
    return unavailable("internal error: " + t.getClass().getSimpleName());
  }

  /** The code of a failure, after {@link #normalize}. */
  public static FailureCode code(Throwable t) {
    return FailureCode.ofStatus(normalize(t).failureCode()).orElse(FailureCode.UNAVAILABLE);
  }

  /** The JSON error body of a failure, after {@link #normalize}. */
  public static JsonObject body(Throwable t) {
    ReplyException re = normalize(t);
    String message = re.getMessage();
    if (message != null && message.startsWith("{")) {
      try {
        JsonObject parsed = new JsonObject(message);
        if (parsed.containsKey("error")) {
          return parsed;
        }
      } catch (DecodeException ignored) {
        // fall through: a plain message from a foreign replier
      }
    }
    FailureCode code = FailureCode.ofStatus(re.failureCode()).orElse(FailureCode.UNAVAILABLE);
    return new JsonObject().put("error", code.name()).put("message", String.valueOf(message));
  }

  /** True when the failure means PostgreSQL could not be reached, not that a query was wrong. */
  public static boolean isDatabaseUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof TimeoutException) {
        return true;
      }
      if (c instanceof IOException) {
        return true;
      }
      if (c instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
      String name = c.getClass().getName();
      if (name.endsWith("ClosedConnectionException") || name.endsWith("NoStackTraceTimeoutException")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
