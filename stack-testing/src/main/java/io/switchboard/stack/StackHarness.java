package io.switchboard.stack;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.Role;
import io.switchboard.common.http.HttpErrors;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.common.testing.Poll;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One Switchboard process for end-to-end tests of the call path: the service modules a test names
 * (e.g. the real claim-service and voice-webhook-service, plus parking) on real PostgreSQL, reached
 * by a real telephony-sim over HTTP with signed webhooks. The directory and presence, owned by other
 * services, are small fakes on the event bus whose answers a test controls. It lives in a module of
 * its own, and is given its modules rather than naming them, so that every service's tests can use
 * it without the services' test code depending on each other.
 */
public final class StackHarness implements AutoCloseable {
  public static final String ORG = "org-a";
  public static final String OTHER_ORG = "org-b";
  public static final String NUMBER = "+15559990000";
  public static final String UNKNOWN_NUMBER = "+15550000000";
  public static final String ADMIN_EMAIL = "boss@example.com";
  public static final double SCALE = 0.01;
  public static final Duration WITHIN = Duration.ofSeconds(8);

  public final Vertx vertx;
  public final Pool pool;
  public final TelephonySim sim;
  public final SwitchboardConfig config;
  public final int port;
  /** The agents presence reports available (in order: longest idle first). */
  public final List<String> available = new CopyOnWriteArrayList<>();
  /** Every BoardDelta published on {@code board.org-a}. */
  public final List<JsonObject> deltas = new CopyOnWriteArrayList<>();
  /** Every CallView published on {@code calls.changed}. */
  public final List<JsonObject> callChanges = new CopyOnWriteArrayList<>();
  /** Per-org overrides of the directory's OrgView (e.g. a park timeout). */
  public final Map<String, OrgView> orgs = new HashMap<>();
  /** How many times the (fake) directory was asked which org owns a number. */
  public final AtomicInteger numberLookups = new AtomicInteger();
  private final HttpServer server;
  /** Makes the fake presence fail with 503. */
  public volatile boolean presenceDown;
  /** Makes the fake directory's number lookup fail with 503 (as it does while PostgreSQL is down). */
  public volatile boolean directoryDown;

  private StackHarness(Vertx vertx, Pool pool, TelephonySim sim, SwitchboardConfig config, HttpServer server) {
    this.vertx = vertx;
    this.pool = pool;
    this.sim = sim;
    this.config = config;
    this.server = server;
    this.port = server.actualPort();
  }

  /**
   * Starts the sim, the fakes and {@code modules} in that order (each one's schema migrated first),
   * with {@code settings} overriding the test configuration. A test of an outage leaves the
   * unreachable service out.
   */
  public static StackHarness start(TestDatabase db, List<ServiceModule> modules, Map<String, String> settings) {
    Vertx vertx = Vertx.vertx();
    String[] schemas = modules.stream().flatMap(m -> m.schema().stream()).toArray(String[]::new);
    db.migrate(vertx, schemas).await();
    Router router = Router.router(vertx);
    HttpErrors.install(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    String publicUrl = "http://127.0.0.1:" + server.actualPort();
    TelephonySim sim = TelephonySim.start(vertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
            TestConfigs.API_KEY, TestConfigs.API_SECRET, SCALE)
        .withVoiceUrl(URI.create(publicUrl + TwilioPaths.VOICE))
        .withStatusCallbackUrl(URI.create(publicUrl + TwilioPaths.CALL_STATUS))).await();
    Map<String, String> values = new HashMap<>(Map.of(
        "SWITCHBOARD_PUBLIC_URL", publicUrl,
        "TWILIO_API_BASE_URL", sim.baseUrl(),
        "SIM_TIME_SCALE", Double.toString(SCALE)));
    values.putAll(settings);
    SwitchboardConfig config = db.config(values);
    Pool pool = db.pool(vertx);
    StackHarness harness = new StackHarness(vertx, pool, sim, config, server);
    harness.orgs.put(ORG, new OrgView(ORG, "Org A", null, null, null));
    harness.fakeDirectoryAndPresence();
    ServiceContext context = new ServiceContext(vertx, config, pool, router);
    for (ServiceModule module : modules) {
      module.deploy(context).await();
    }
    return harness;
  }

  private void fakeDirectoryAndPresence() {
    Bus.serve(vertx, Addresses.DIRECTORY_NUMBER, json -> {
      numberLookups.incrementAndGet();
      if (directoryDown) {
        return Future.failedFuture(Failures.unavailable("the directory is down"));
      }
      return NUMBER.equals(json.getString("number"))
          ? Future.succeededFuture(orgs.get(ORG).toJson())
          : Future.failedFuture(Failures.notFound("no such number"));
    });
    Bus.serve(vertx, Addresses.DIRECTORY_ORG, json -> orgs.containsKey(json.getString("orgId"))
        ? Future.succeededFuture(orgs.get(json.getString("orgId")).toJson())
        : Future.failedFuture(Failures.notFound("no such org")));
    Bus.serve(vertx, Addresses.DIRECTORY_USERS, json -> Future.succeededFuture(new JsonObject().put("users",
        new JsonArray()
            .add(new JsonObject().put("id", "boss").put("name", "Boss").put("email", ADMIN_EMAIL).put("role", "admin"))
            .add(new JsonObject().put("id", "a1").put("name", "A1").put("email", "a1@example.com").put("role", "agent")))));
    Bus.serve(vertx, Addresses.PRESENCE_AVAILABLE, json -> {
      if (presenceDown) {
        return Future.failedFuture(Failures.unavailable("presence is down"));
      }
      JsonArray agents = new JsonArray();
      for (String agent : available) {
        agents.add(new AgentView(agent, json.getString("orgId"), agent, AgentStatus.AVAILABLE, null,
            Instant.now(), 1).toJson());
      }
      return Future.succeededFuture(new JsonObject().put("agents", agents));
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.board(ORG), m -> deltas.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> callChanges.add(m.body()));
  }

  public void setAvailable(String... agents) {
    available.clear();
    available.addAll(List.of(agents));
  }

  public static List<String> agents(int count) {
    List<String> agents = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      agents.add("agent-" + i);
    }
    return agents;
  }

  public String url(String path) {
    return config.publicUrl(path);
  }

  /** The call as the claim-service holds it, or null when unknown. */
  public CallView call(String callSid) {
    try {
      return CallView.fromJson(Bus.request(vertx.eventBus(), Addresses.CALLS_GET,
          new CallLookup(callSid, Actor.system(ORG)).toJson()).await());
    } catch (RuntimeException e) {
      if (Failures.code(e) == FailureCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  public CallView awaitCall(String callSid, Predicate<CallView> match, String what) {
    return until(() -> {
      CallView call = call(callSid);
      return call != null && match.test(call) ? call : null;
    }, "call " + callSid + " " + what);
  }

  public ClaimResult claim(String callSid, String agent) {
    return ClaimResult.fromJson(Bus.request(vertx.eventBus(), Addresses.CLAIMS_CLAIM,
        new ClaimRequest(callSid, new Actor(agent, ORG, Role.AGENT)).toJson()).await());
  }

  public JsonObject request(String address, JsonObject body) {
    return Bus.request(vertx.eventBus(), address, body).await();
  }

  /** The first delta matching {@code match}, waiting for it. */
  public JsonObject awaitDelta(Predicate<JsonObject> match, String what) {
    return until(() -> deltas.stream().filter(match).findFirst().orElse(null), "delta " + what);
  }

  /** Every row of {@code sql}, as text, for failure messages. */
  public String rows(String sql) {
    StringBuilder text = new StringBuilder();
    for (var row : pool.query(sql).execute().await()) {
      text.append(row.toJson().encode()).append('\n');
    }
    return text.toString();
  }

  /** Polls {@code probe} until it returns non-null, failing after {@link #WITHIN}. */
  public static <T> T until(Supplier<T> probe, String what) {
    return Poll.forValue(probe, WITHIN, Duration.ofMillis(10), what);
  }

  public long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  /**
   * Closes everything, waiting at most {@link #CLOSE_TIMEOUT_SECONDS}. A close that never completes
   * was seen once in a full CI run (every event loop idle, the close future never completed): the
   * threads are dumped for diagnosis and the suite goes on rather than hanging until CI's limit.
   */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("StackHarness: Vert.x did not close within " + CLOSE_TIMEOUT_SECONDS + " s; threads:");
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        System.err.println("  " + thread.getName() + " " + thread.getState());
        for (StackTraceElement frame : stack) {
          System.err.println("      at " + frame);
        }
      });
    } catch (Exception e) {
      throw new AssertionError("closing Vert.x failed", e);
    }
  }

  private static final long CLOSE_TIMEOUT_SECONDS = 20;
}
