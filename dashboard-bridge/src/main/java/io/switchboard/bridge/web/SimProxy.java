package io.switchboard.bridge.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;

/**
 * When telephony-sim plays Twilio, the browser's simulated phone ({@code /sim/phone}) and the demo
 * bar's call control ({@code /sim/calls}) are served on the bridge's own origin and forwarded to the
 * simulator: telephony-sim listens on the bridge's machine only, so a board opened from another
 * machine (or by another name of this one) reaches its phone through the page's own host.
 */
public final class SimProxy {
  private static final int MAX_BODY_BYTES = 64_000;

  private final URI sim;
  private final HttpClient http;
  private final WebSocketClient webSockets;

  public SimProxy(Vertx vertx, URI sim) {
    this.sim = sim;
    this.http = vertx.createHttpClient();
    this.webSockets = vertx.createWebSocketClient();
  }

  public void mount(Router router) {
    router.route("/sim/phone").handler(this::phone);
    router.post("/sim/calls*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/sim/calls*").handler(this::control);
  }

  /** The phone's WebSocket, relayed frame by frame; either side closing closes the other. */
  private void phone(RoutingContext ctx) {
    ctx.request().toWebSocket().onFailure(ctx::fail).onSuccess(browser -> {
      browser.pause(); // nothing is lost while the simulator's side connects
      webSockets.connect(new WebSocketConnectOptions().setHost(sim.getHost()).setPort(port()).setSsl(ssl())
              .setURI("/sim/phone"))
          .onFailure(t -> browser.close((short) 1011, "the simulator is not reachable"))
          .onSuccess(simulator -> relay(browser, simulator));
    });
  }

  private static void relay(ServerWebSocket browser, WebSocket simulator) {
    browser.textMessageHandler(text -> simulator.writeTextMessage(text));
    simulator.textMessageHandler(text -> browser.writeTextMessage(text));
    browser.closeHandler(v -> simulator.close());
    simulator.closeHandler(v -> browser.close());
    browser.resume();
  }

  /** The call control: method, path, content type and body forwarded; status, type and body answered. */
  private void control(RoutingContext ctx) {
    RequestOptions options = new RequestOptions().setMethod(ctx.request().method()).setHost(sim.getHost())
        .setPort(port()).setSsl(ssl()).setURI(ctx.request().uri());
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, type);
    }
    http.request(options)
        .compose(req -> ctx.body().available() && ctx.body().buffer() != null ? req.send(ctx.body().buffer()) : req.send())
        .compose(resp -> resp.body().map(body -> {
          String answerType = resp.getHeader(HttpHeaders.CONTENT_TYPE);
          if (answerType != null) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, answerType);
          }
          ctx.response().setStatusCode(resp.statusCode()).end(body);
          return null;
        }))
        .onFailure(t -> ctx.fail(503, t));
  }

  private boolean ssl() {
    return "https".equals(sim.getScheme());
  }

  private int port() {
    return sim.getPort() == -1 ? (ssl() ? 443 : 80) : sim.getPort();
  }
}
