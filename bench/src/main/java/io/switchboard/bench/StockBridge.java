package io.switchboard.bench;

import io.switchboard.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/**
 * The other baseline ({@code --baseline stock}): Vert.x's own SockJS event-bus bridge,
 * {@code SockJSHandler.bridge}, on its own HTTP server in the same process, permitting outbound the
 * board of its own org ({@link #ORG}, so that its clients and the bridge's never share a publish).
 * No JWT check, no presence report: it does less per socket than the bridge it is compared with.
 */
public final class StockBridge {
  /** The org whose board the stock bridge's clients register for. */
  public static final String ORG = "bench-stock";
  private HttpServer server;

  public static Future<StockBridge> start(Vertx vertx) {
    StockBridge stock = new StockBridge();
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.board(ORG)));
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(options));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      stock.server = server;
      return stock;
    });
  }

  public int port() {
    return server.actualPort();
  }
}
