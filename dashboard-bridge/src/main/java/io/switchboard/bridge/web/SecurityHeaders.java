package io.switchboard.bridge.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on everything the bridge serves. The page may load only its own scripts and styles and
 * connect only to itself (HTTP and WebSocket), Twilio's Voice SDK endpoints, and, in the demo,
 * telephony-sim's origin (its phone WebSocket and its call control).
 */
public final class SecurityHeaders {
  private final String csp;

  public SecurityHeaders(String simOrigin) {
    String sim = simOrigin == null ? "" : " " + simOrigin + " " + simOrigin.replaceFirst("^http", "ws");
    this.csp = String.join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "media-src 'self' blob: data: https://*.twilio.com https://media.twiliocdn.com",
        "connect-src 'self' ws: wss: https://*.twilio.com wss://*.twilio.com" + sim,
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'");
  }

  /** For pages and static files. */
  void page(RoutingContext ctx) {
    common(ctx.response().headers()).set("Content-Security-Policy", csp);
    ctx.next();
  }

  /** For JSON answers: nothing in them may ever be rendered as a document. */
  public static void api(RoutingContext ctx) {
    common(ctx.response().headers()).set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.next();
  }

  private static MultiMap common(MultiMap headers) {
    return headers
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Frame-Options", "DENY");
  }
}
