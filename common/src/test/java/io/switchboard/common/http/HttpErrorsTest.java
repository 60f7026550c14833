package io.switchboard.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failures caused by the client's own bytes are 4xx in the shared shape, never 5xx or an empty body. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpErrorsTest {
  Vertx vertx;
  HttpClient client;
  int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    HttpErrors.install(router);
    router.post("/form").handler(BodyHandler.create(false)).handler(ctx -> ctx.response().end("ok"));
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(1024))
        .requestHandler(router).invalidRequestHandler(HttpErrors::invalidRequest).listen(0, "127.0.0.1").await();
    port = server.actualPort();
    client = vertx.createHttpClient(new HttpClientOptions().setMaxInitialLineLength(64 * 1024));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  JsonObject expect(int status, String uri, String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(uri).putHeader("Content-Type", "application/x-www-form-urlencoded");
    var reply = client.request(options).compose(r -> r.send(Buffer.buffer(body))
        .compose(resp -> resp.body().map(b -> {
          assertEquals(status, resp.statusCode(), b.toString());
          assertEquals("application/json; charset=utf-8", resp.getHeader("Content-Type"));
          return b.toJsonObject();
        }))).await();
    return reply;
  }

  @Test
  void aFormBodyNettyCannotDecodeIs400NotA5xx() {
    assertEquals("BAD_REQUEST", expect(400, "/form", "a=%ZZ&b=%").getString("error"));
  }

  @Test
  void aFormFieldOverTheLimitIs413() {
    assertEquals("PAYLOAD_TOO_LARGE", expect(413, "/form", "a=" + "x".repeat(5_000)).getString("error"));
  }

  @Test
  void aRequestLineOverTheLimitIs414InTheSharedShape() {
    assertEquals("URI_TOO_LONG", expect(414, "/form?q=" + "x".repeat(10_000), "").getString("error"));
  }

  @Test
  void aWellFormedFormStillPasses() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/form").putHeader("Content-Type", "application/x-www-form-urlencoded");
    assertEquals(200, client.request(options).compose(r -> r.send("a=1&b=%20")).await().statusCode());
  }
}
