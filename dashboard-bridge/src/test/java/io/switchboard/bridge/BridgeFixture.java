package io.switchboard.bridge;

import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.bridge.auth.RevokedSessions;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryUser;
import io.switchboard.bridge.directory.Org;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Role;
import io.switchboard.common.http.HealthRoutes;
import io.switchboard.common.http.HttpErrors;
import io.switchboard.common.http.OnContext;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One bridge process for a test: Vert.x, the test class's database (directory migrated), the
 * module deployed on a router like the launcher's, and an HTTP server on 127.0.0.1 port 0.
 * Seeds two orgs: acme (agent ann, agent bob, admin ada, number +15550001111) and globex
 * (agent gus, number +15550002222). Everyone's password is {@link #PASSWORD}.
 */
public final class BridgeFixture implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";
  /** The cheapest bcrypt cost: tests check behaviour, not hash strength. */
  static final int TEST_COST = 4;

  public final Vertx vertx;
  public final SwitchboardConfig config;
  public final Pool pool;
  /** The router the module mounted its routes on (what the API serves is checked against its document). */
  public final Router router;
  final HttpServer server;
  final HttpClient client;
  public final JwtIssuer jwt;
  /** The fixture's own view of logged-out sessions, as another bridge node would keep it. */
  public final RevokedSessions revoked;
  /** The deployed module (its graceful drain is under test). */
  public DashboardBridgeModule module;

  private BridgeFixture(Vertx vertx, SwitchboardConfig config, Pool pool, Router router, HttpServer server) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
    this.router = router;
    this.server = server;
    // Keep-alive like a browser; requests start on a Vert.x context (see OnContext for why).
    this.client = vertx.createHttpClient();
    this.revoked = new RevokedSessions(vertx, pool);
    this.jwt = new JwtIssuer(vertx, config.jwtSecret(), config.jwtTtl(), revoked);
  }

  public static BridgeFixture start(TestDatabase db) {
    return start(db, Map.of(), "test-webroot");
  }

  public static BridgeFixture start(TestDatabase db, Map<String, String> settings, String webroot) {
    return start(db, Vertx.vertx(), settings, webroot);
  }

  /** The bridge on a given (e.g. clustered) Vert.x; closing the fixture closes it. */
  public static BridgeFixture start(TestDatabase db, Vertx vertx, Map<String, String> settings, String webroot) {
    SwitchboardConfig config = db.config(settings);
    db.migrate(vertx, DashboardBridgeModule.SCHEMA).await();
    Pool pool = db.pool(vertx);
    Router router = Router.router(vertx);
    HttpErrors.install(router);
    HealthRoutes.mount(router, vertx, pool);
    DashboardBridgeModule module = new DashboardBridgeModule(TEST_COST, webroot);
    module.deploy(new ServiceContext(vertx, config, pool, router)).await();
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    BridgeFixture fixture = new BridgeFixture(vertx, config, pool, router, server);
    fixture.revoked.start().await();
    fixture.module = module;
    return fixture;
  }

  /** Seeds the two orgs once per database (the test class's); later calls find them there. */
  public BridgeFixture seed() {
    Directory directory = new Directory(pool);
    if (directory.org("acme").await().isPresent()) {
      return this;
    }
    PasswordHasher hasher = new PasswordHasher(vertx, TEST_COST);
    String hash = hasher.hashBlocking(PASSWORD);
    directory.addOrg(new Org("acme", "Acme", null, null, null)).await();
    directory.addOrg(new Org("globex", "Globex", 30, 120, "https://example.com/hold.mp3", 3)).await();
    directory.addNumber("acme", "+15550001111").await();
    directory.addNumber("globex", "+15550002222").await();
    directory.addUser(new DirectoryUser("ann", "acme", "ann@acme.test", "Ann Agent", Role.AGENT, hash)).await();
    directory.addUser(new DirectoryUser("bob", "acme", "bob@acme.test", "Bob Agent", Role.AGENT, hash)).await();
    directory.addUser(new DirectoryUser("ada", "acme", "ada@acme.test", "Ada Admin", Role.ADMIN, hash)).await();
    directory.addUser(new DirectoryUser("gus", "globex", "gus@globex.test", "Gus Globex", Role.AGENT, hash)).await();
    hasher.close();
    return this;
  }

  public int port() {
    return server.actualPort();
  }

  /** A valid login token for a seeded user, issued directly (no login round trip). */
  public String token(String userId, String orgId, Role role) {
    return jwt.issue(userId, orgId, role, userId, Instant.now().plusSeconds(3600)).token();
  }

  public String ann() {
    return token("ann", "acme", Role.AGENT);
  }

  public String ada() {
    return token("ada", "acme", Role.ADMIN);
  }

  public String gus() {
    return token("gus", "globex", Role.AGENT);
  }

  public record Response(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.toJsonObject();
    }

    public String text() {
      return body.toString();
    }
  }

  public Response get(String path, String token) {
    return call(HttpMethod.GET, path, token, null, null);
  }

  public Response send(HttpMethod method, String path, String token, JsonObject body) {
    return call(method, path, token, "application/json", body == null ? null : body.encode());
  }

  public Response call(HttpMethod method, String path, String token, String contentType, String body) {
    return call(method, path, token, contentType, body, Map.of());
  }

  public Response call(HttpMethod method, String path, String token, String contentType, String body,
      Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port())
        .setURI(path);
    headers.forEach(options::putHeader);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    return OnContext.run(vertx, () -> client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b))))
        .timeout(10, TimeUnit.SECONDS)
        .recover(t -> Future.failedFuture(new AssertionError(method + " " + path + ": " + t, t)))
        .await();
  }

  public Response login(String email, String password) {
    return send(HttpMethod.POST, "/api/login", null, new JsonObject().put("email", email).put("password", password));
  }

  /** A fake owner of {@code address}: records each request and answers with {@code answer}. */
  public Recorder fake(String address, Function<JsonObject, Future<JsonObject>> answer) {
    Recorder recorder = new Recorder();
    recorder.consumer = vertx.eventBus().<JsonObject>consumer(address, message -> {
      recorder.requests.add(message.body());
      answer.apply(message.body()).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(ar.result());
        } else {
          message.reply(Failures.normalize(ar.cause()));
        }
      });
    });
    recorder.consumer.completion().await();
    return recorder;
  }

  public static final class Recorder {
    public final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    public MessageConsumer<JsonObject> consumer;

    public JsonObject only() {
      if (requests.size() != 1) {
        throw new AssertionError("expected exactly one request, got " + requests);
      }
      return requests.get(0);
    }
  }

  @Override
  public void close() {
    pool.close();
    vertx.close().await();
  }
}
