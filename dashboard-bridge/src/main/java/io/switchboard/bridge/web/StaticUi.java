package io.switchboard.bridge.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web dashboard: the UI build's files from {@code webroot/} on the classpath at {@code /}, and
 * {@code index.html} for any other extension-less page path, so a reload on a client-side route
 * still loads the app. Paths of the API, the event bus, Twilio webhooks, health and the simulator
 * are never answered here. Without a UI build, a one-line page says so.
 */
public final class StaticUi {
  public static final String WEBROOT = "webroot";
  /** Every path that belongs to something other than the UI. */
  private static final String NOT_UI = "(?!(api|eventbus|twilio|health|sim)(/|$))";
  static final String UI_FILES = "^/" + NOT_UI + ".*";
  static final String UI_PAGES = "^/" + NOT_UI + "[^.]*$";
  static final String NOT_BUILT = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      + "<title>Switchboard</title></head><body><h1>Switchboard</h1>"
      + "<p>The dashboard UI is not built. Build it with <code>mvn -pl dashboard-bridge package</code>"
      + " (needs Node.js); the API is available under <code>/api</code>.</p></body></html>";

  private StaticUi() {}

  public static Future<Void> mount(Vertx vertx, Router router, SecurityHeaders headers) {
    return mount(vertx, router, headers, WEBROOT);
  }

  /** Serves {@code webroot} (a classpath or working-directory relative path). */
  public static Future<Void> mount(Vertx vertx, Router router, SecurityHeaders headers, String webroot) {
    String index = webroot + "/index.html";
    return vertx.fileSystem().exists(index).recover(t -> Future.succeededFuture(false)).map(built -> {
      router.routeWithRegex(UI_FILES).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(headers::page);
      if (built) {
        router.routeWithRegex(UI_FILES).method(HttpMethod.GET).method(HttpMethod.HEAD)
            .handler(StaticHandler.create(webroot).setIndexPage("index.html"));
        router.routeWithRegex(UI_PAGES).method(HttpMethod.GET).method(HttpMethod.HEAD)
            .handler(ctx -> index(ctx, index));
      } else {
        router.routeWithRegex(UI_PAGES).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticUi::notBuilt);
      }
      return null;
    });
  }

  private static void index(RoutingContext ctx, String index) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(index);
  }

  private static void notBuilt(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .end(NOT_BUILT);
  }
}
