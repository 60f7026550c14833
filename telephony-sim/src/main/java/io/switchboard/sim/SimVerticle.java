package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The simulator's verticle: its event loop owns all simulated state, and it serves the REST API,
 * the demo controls and the phone WebSocket on the simulator's own port.
 */
final class SimVerticle extends VerticleBase {
  private final SimOptions options;
  private Exchange exchange;
  private HttpServer server;

  SimVerticle(SimOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    exchange = new Exchange(vertx, context, options);
    AccessTokens tokens = new AccessTokens(options.accountSid(), options.apiKey(), options.apiSecret());
    Router router = Router.router(vertx);
    router.route("/sim/phone").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(socket -> new PhoneSocket(exchange, tokens, socket).start())
        .onFailure(ctx::fail));
    new ControlApi(exchange).mount(router);
    new RestApi(exchange).mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()))
        .requestHandler(router)
        .listen(options.port())
        .onSuccess(s -> {
          server = s;
          String host = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
          exchange.baseUrl("http://" + host + ":" + s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return exchange.close();
  }

  Exchange exchange() {
    return exchange;
  }

  int port() {
    return server.actualPort();
  }
}
