package io.switchboard.bridge.api;

import io.switchboard.common.bus.Failures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * Reads request bodies strictly: JSON needs {@code Content-Type: application/json} (else 415),
 * must be one object (else 400) and may hold only the fields the route knows (else 400), so a
 * typo in a field name fails loudly instead of being ignored.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body of a route that requires one, holding only {@code allowed} fields. */
  public static JsonObject required(RoutingContext ctx, Set<String> allowed) {
    Buffer body = ctx.body().buffer();
    requireJsonType(ctx);
    if (body == null || body.length() == 0) {
      throw Failures.badRequest("a JSON body is required");
    }
    return parse(body, allowed);
  }

  /** For a route without parameters: no body, or an empty JSON object. */
  public static void none(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return;
    }
    requireJsonType(ctx);
    parse(body, Set.of());
  }

  private static void requireJsonType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!"application/json".equals(mime)) {
      throw HttpProblem.unsupportedMediaType();
    }
  }

  private static JsonObject parse(Buffer body, Set<String> allowed) {
    Object value;
    try {
      value = body.toJsonValue();
    } catch (DecodeException e) {
      throw Failures.badRequest("malformed JSON body");
    }
    if (!(value instanceof JsonObject json)) {
      throw Failures.badRequest("the body must be a JSON object");
    }
    for (String field : json.fieldNames()) {
      if (!allowed.contains(field)) {
        throw Failures.badRequest("unknown field '" + field + "'");
      }
    }
    return json;
  }
}
