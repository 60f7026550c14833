package io.switchboard.sim;

import com.twilio.security.RequestValidator;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small application for the simulator to call: serves TwiML per path, records every request
 * with its parameters and whether its X-Twilio-Signature validates with the Twilio SDK's
 * RequestValidator. Unknown paths answer 200 with an empty body (status callbacks).
 */
final class TestApp {
  /** One request the simulator made. */
  record Hit(String path, String method, Map<String, String> params, boolean signed) {
    String param(String name) {
      return params.get(name);
    }

    @Override
    public String toString() {
      return method + " " + path + " " + params;
    }
  }

  /** What a path answers. */
  record Reply(int status, String body) {}

  private final HttpServer server;
  private final Context context;
  private final EventLog<Hit> hits;
  private final Map<String, Function<Hit, Reply>> routes = new ConcurrentHashMap<>();

  private TestApp(HttpServer server, Context context, EventLog<Hit> hits) {
    this.server = server;
    this.context = context;
    this.hits = hits;
  }

  static TestApp start(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    EventLog<Hit> hits = new EventLog<>(context, "test app");
    TestApp[] app = new TestApp[1];
    RequestValidator validator = new RequestValidator(TestConfigs.AUTH_TOKEN);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.route().handler(ctx -> {
      Map<String, String> form = new TreeMap<>();
      boolean post = ctx.request().method().name().equals("POST");
      if (post) {
        ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
      }
      String url = "http://127.0.0.1:" + app[0].server.actualPort() + ctx.request().uri();
      boolean signed = validator.validate(url, form, ctx.request().getHeader("X-Twilio-Signature"));
      Map<String, String> params = new TreeMap<>(form);
      ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
      Hit hit = new Hit(ctx.request().path(), ctx.request().method().name(), params, signed);
      context.runOnContext(v -> hits.add(hit));
      Reply reply = app[0].routes.getOrDefault(ctx.request().path(), h -> new Reply(200, "")).apply(hit);
      if (reply == null) {
        return; // never answers
      }
      ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "text/xml").end(reply.body());
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    app[0] = new TestApp(server, context, hits);
    return app[0];
  }

  TestApp twiml(String path, String twiml) {
    return on(path, hit -> new Reply(200, twiml));
  }

  TestApp on(String path, Function<Hit, Reply> handler) {
    routes.put(path, handler);
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  List<Hit> hits() {
    return hits.snapshot();
  }

  List<String> paths() {
    return hits().stream().map(Hit::path).toList();
  }

  List<Hit> hits(String path) {
    return hits().stream().filter(h -> h.path().equals(path)).toList();
  }

  Hit await(String path, Duration within) {
    return hits.await(h -> h.path().equals(path), within, "request to " + path).await();
  }

  Hit await(String path, String param, String value, Duration within) {
    return hits.await(h -> h.path().equals(path) && value.equals(h.param(param)), within,
        "request to " + path + " with " + param + "=" + value).await();
  }

  /** Waits until {@code path} has been requested {@code count} times. */
  void awaitCount(String path, int count, Duration within) {
    int[] seen = {0};
    hits.await(h -> h.path().equals(path) && ++seen[0] >= count, within, count + " requests to " + path).await();
  }

  Future<Void> close() {
    return server.close();
  }
}
