package io.switchboard.launcher;

import com.twilio.http.NetworkHttpClient;
import io.switchboard.common.bus.BusDrain;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.Database;
import io.switchboard.common.db.Migrations;
import io.switchboard.common.http.HealthRoutes;
import io.switchboard.common.http.HttpErrors;
import io.switchboard.common.metrics.Metrics;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Switchboard process: Vert.x (clustered when configured), the database created and
 * every owned schema migrated, the services deployed, and one HTTP server with health routes.
 */
public final class SwitchboardProcess {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardProcess.class);
  /** PostgreSQL must answer within this at start, or the process exits with one clear line. */
  static final long DATABASE_START_TIMEOUT_MS = 8_000;
  /** Creating every table of a first start may take this long once PostgreSQL answered. */
  static final long MIGRATION_TIMEOUT_MS = 120_000;
  /** {@link #MIGRATION_TIMEOUT_MS}, shorter in a test. */
  static volatile long migrationTimeoutMs = MIGRATION_TIMEOUT_MS;
  /** An event loop busy this long in one task is reported as blocked, with a stack trace. */
  static final long EVENT_LOOP_WARNING_MS = 5_000;
  /** In-flight HTTP requests get this long to finish on shutdown. */
  static final long SHUTDOWN_GRACE_MS = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final HttpServer server;
  private final List<ServiceModule> modules;

  private SwitchboardProcess(Vertx vertx, Pool pool, HttpServer server, List<ServiceModule> modules) {
    this.vertx = vertx;
    this.pool = pool;
    this.server = server;
    this.modules = List.copyOf(modules);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The process's PostgreSQL pool, or null when none of its services owns a schema. */
  public Pool pool() {
    return pool;
  }

  public int httpPort() {
    return server.actualPort();
  }

  public static Future<SwitchboardProcess> start(SwitchboardConfig config, List<ServiceModule> modules) {
    warmUp();
    // Start-up code runs on an event loop once (deploying, first connections); on a cold JVM on a
    // busy 2-core machine one such step takes 2-3 s of class loading, over Vert.x's 2 s default.
    // A real block still shows, with its stack trace, at 5 s.
    VertxOptions options = new VertxOptions()
        .setMaxEventLoopExecuteTime(EVENT_LOOP_WARNING_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(EVENT_LOOP_WARNING_MS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    return ClusterSupport.start(config, options, Metrics.enable(options))
        .recover(t -> Future.failedFuture(new StartupException(StartupException.CLUSTER,
            "cannot join the cluster: " + t.getMessage(), t)))
        .compose(vertx -> startOn(vertx, config, modules)
            .recover(t -> {
              // Fail at once; the close runs on its own (chaining on it would complete this
              // future on an event loop that the close itself terminates).
              vertx.close();
              return Future.failedFuture(t);
            }));
  }

  private static Future<SwitchboardProcess> startOn(Vertx vertx, SwitchboardConfig config,
      List<ServiceModule> modules) {
    boolean needsDatabase = modules.stream().anyMatch(m -> m.schema().isPresent());
    Future<Pool> database = needsDatabase
        ? prepareDatabase(vertx, config, modules).map(v -> Database.pool(vertx, config.database()))
        : Future.succeededFuture(null);
    return database.compose(pool -> {
      Router router = Router.router(vertx);
      HttpErrors.install(router);
      HealthRoutes.mount(router, vertx, pool);
      Metrics.mount(router);
      ServiceContext context = new ServiceContext(vertx, config, pool, router);
      Future<Void> deployed = Future.succeededFuture();
      for (ServiceModule module : modules) {
        deployed = deployed.compose(v -> module.deploy(context)
            .onSuccess(ok -> LOG.info("{} deployed", module.name()))
            .recover(t -> Future.failedFuture(new StartupException(StartupException.SERVICE,
                module.name() + " failed to start: " + t.getMessage(), t))));
      }
      return deployed
          .compose(v -> vertx.createHttpServer(new HttpServerOptions()
                  .setCompressionSupported(true)
                  .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes())))
              .requestHandler(router)
              .invalidRequestHandler(HttpErrors::invalidRequest)
              .listen(config.httpPort())
              .recover(t -> Future.failedFuture(new StartupException(StartupException.SERVICE,
                  "cannot listen on port " + config.httpPort() + ": " + t.getMessage(), t))))
          .map(server -> new SwitchboardProcess(vertx, pool, server, modules));
    });
  }

  /**
   * One-off initialisation done here, on the starting thread, rather than the first time on an event
   * loop, where it stalls the loop for seconds on a cold JVM: the JDK's TLS context and digests (the
   * PostgreSQL client, SockJS) and the Twilio SDK's HTTP client (its connection manager and TLS set-up).
   */
  static void warmUp() {
    try {
      SSLContext.getDefault();
      MessageDigest.getInstance("MD5");
      new NetworkHttpClient();
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.debug("warm-up skipped: {}", e.toString()); // each part initialises on first use instead
    }
  }

  /**
   * Creates the database if missing and migrates each service's schema, or fails with one line that
   * says which step failed: reaching PostgreSQL (bounded by {@link #DATABASE_START_TIMEOUT_MS}) or
   * migrating a schema once it answered (bounded by {@link #MIGRATION_TIMEOUT_MS}: a first start
   * creates every table, which takes longer on a busy machine).
   */
  private static Future<Void> prepareDatabase(Vertx vertx, SwitchboardConfig config, List<ServiceModule> modules) {
    PgConnectOptions target = Database.connectOptions(config.database());
    String where = target.getHost() + ":" + target.getPort() + "/" + target.getDatabase();
    Future<Void> chain = Database.ensureExists(vertx, config.database())
        .timeout(DATABASE_START_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(t -> Future.failedFuture(new StartupException(StartupException.DATABASE,
            "cannot reach PostgreSQL at " + where + ": " + reason(t, DATABASE_START_TIMEOUT_MS), t)));
    for (ServiceModule module : modules) {
      if (module.schema().isPresent()) {
        String schema = module.schema().get();
        chain = chain.compose(v -> Migrations.migrate(vertx, config.database(), schema)
            .timeout(migrationTimeoutMs, TimeUnit.MILLISECONDS)
            .onSuccess(n -> {
              if (n > 0) {
                LOG.info("schema {}: {} migration(s) applied", schema, n);
              }
            })
            .recover(t -> Future.failedFuture(new StartupException(StartupException.DATABASE,
                "PostgreSQL at " + where + " answered, but migrating schema " + schema + " failed: "
                    + reason(t, migrationTimeoutMs), t)))
            .mapEmpty());
      }
    }
    return chain;
  }

  /** A timeout said as such ("no answer within 8 s"), anything else by its root message. */
  private static String reason(Throwable t, long timeoutMs) {
    return t instanceof TimeoutException
        ? "not done within " + timeoutMs / 1000 + " s"
        : rootMessage(t);
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /**
   * A graceful stop, as on SIGTERM during a rolling restart, step by step:
   * <ol>
   *   <li>each service drains its long-lived clients (the bridge closes its SockJS sockets, so
   *       browsers reconnect to another node);</li>
   *   <li>the HTTP server stops accepting and lets in-flight requests finish;</li>
   *   <li>every event-bus consumer is unregistered, so the cluster sends new requests to the other
   *       instances, and the requests already being handled get their replies out;</li>
   *   <li>then the services are undeployed, the pool closed and the node leaves the cluster.</li>
   * </ol>
   * Each step is bounded by the grace period.
   */
  public void stop() throws Exception {
    // Called from a plain thread, step by step: a close future chained on an event loop would be
    // completed on that same, already terminated, event loop.
    try {
      awaitStep("drain", Future.all(modules.stream().map(ServiceModule::drain).toList()));
      awaitStep("http", server.shutdown(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS));
      awaitStep("event bus", BusDrain.stopServing(vertx));
      if (!BusDrain.awaitIdle(vertx, SHUTDOWN_GRACE_MS).toCompletionStage().toCompletableFuture()
          .get(SHUTDOWN_GRACE_MS + 1_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("{} event-bus request(s) still in flight after {} ms; leaving anyway",
            BusDrain.inFlight(vertx), SHUTDOWN_GRACE_MS);
      }
      // The services' timers stop before the pool closes, so no periodic job fails on a closed pool.
      awaitStep("undeploy", Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Waits for one step of the stop; a failed or slow step is logged and the stop goes on. */
  private static void awaitStep(String step, Future<?> future) throws InterruptedException {
    try {
      future.toCompletionStage().toCompletableFuture().get(SHUTDOWN_GRACE_MS + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("stop: {} step did not complete: {}", step, rootMessage(e));
    }
  }
}
