package io.switchboard.common.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.http.HttpErrors;
import io.switchboard.common.testing.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoNodeClusterTest {
  private static final String ADDRESS = "test.echo";
  private final ClusterNodes cluster = new ClusterNodes();

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void aConsumerOnlyOnNodeBAnswersNodeAAndItsDeathIsA503MappedToHttp() {
    List<Vertx> nodes = cluster.start(2).await();
    Vertx a = nodes.get(0);
    Vertx b = nodes.get(1);

    Bus.serve(b, ADDRESS, body -> Future.succeededFuture(
        new JsonObject().put("echo", body.getString("say")).put("servedBy", "B")))
        .completion().await();

    JsonObject reply = Bus.request(a.eventBus(), ADDRESS, new JsonObject().put("say", "hello")).await();
    assertEquals("hello", reply.getString("echo"));
    assertEquals("B", reply.getString("servedBy"));

    cluster.stop(b).await();

    // Node A keeps serving its own consumers...
    Bus.serve(a, "test.local", body -> Future.succeededFuture(new JsonObject().put("ok", true)))
        .completion().await();
    assertEquals(true, Bus.request(a.eventBus(), "test.local", new JsonObject()).await().getBoolean("ok"));

    // ...and a request to the vanished consumer fails with the 503 code.
    Throwable failure = Bus.request(a.eventBus(), ADDRESS, new JsonObject().put("say", "again"), 3_000)
        .map(v -> (Throwable) null).otherwise(t -> t).await();
    assertEquals(FailureCode.UNAVAILABLE, Failures.code(failure));

    // The shared mapping turns it into HTTP 503 with the JSON error body.
    Router router = Router.router(a);
    HttpErrors.install(router);
    router.get("/echo").handler(ctx -> Bus.request(a.eventBus(), ADDRESS, new JsonObject(), 3_000)
        .onSuccess(body -> ctx.json(body))
        .onFailure(t -> HttpErrors.respond(ctx, t)));
    HttpServer server = a.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    var response = a.createHttpClient()
        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/echo")
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> new Object[] {resp.statusCode(), resp.getHeader("Content-Type"), body}))
        .await();
    assertEquals(503, response[0]);
    assertEquals("application/json; charset=utf-8", response[1]);
    JsonObject body = new JsonObject(response[2].toString());
    assertEquals("UNAVAILABLE", body.getString("error"));
    assertEquals(true, body.getString("message").length() > 0);
  }
}
