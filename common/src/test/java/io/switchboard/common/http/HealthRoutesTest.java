package io.switchboard.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.common.db.Database;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TcpProxy;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthRoutesTest {

  @Test
  void readyTurns503WhenPostgresGoesAwayAnd200WhenItReturns(TestDatabase db) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TcpProxy proxy = new TcpProxy(vertx, "127.0.0.1", 5432).start().await();
      String proxied = db.url().replace(PgTestDatabase.serverHostPort(), "127.0.0.1:" + proxy.port());
      Pool pool = Database.pool(vertx, db.config().withDatabaseUrl(proxied).database());
      Router router = Router.router(vertx);
      HealthRoutes.mount(router, vertx, pool);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      HttpClient client = vertx.createHttpClient();

      assertEquals(200, status(vertx, client, server.actualPort(), HealthRoutes.READY));
      assertEquals(200, status(vertx, client, server.actualPort(), HealthRoutes.LIVE));

      proxy.cut();
      assertEquals(503, status(vertx, client, server.actualPort(), HealthRoutes.READY));
      assertEquals(200, status(vertx, client, server.actualPort(), HealthRoutes.LIVE), "alive even without a database");

      proxy.restore();
      // The pool reconnects on its own; no restart, no manual step.
      long deadline = System.currentTimeMillis() + 10_000;
      int ready;
      do {
        ready = status(vertx, client, server.actualPort(), HealthRoutes.READY);
        if (ready != 200) {
          Thread.sleep(100);
        }
      } while (ready != 200 && System.currentTimeMillis() < deadline);
      assertEquals(200, ready);
    } finally {
      vertx.close().await();
    }
  }

  private static int status(Vertx vertx, HttpClient client, int port, String path) {
    return OnContext.run(vertx, () -> client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(req -> req.send())
        .map(resp -> resp.statusCode()))
        .await();
  }
}
