package io.switchboard.launcher;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    VertxOptions options = new VertxOptions();
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

  /** Creates the database if missing and migrates each service's schema, or fails with one line. */
  private static Future<Void> prepareDatabase(Vertx vertx, SwitchboardConfig config, List<ServiceModule> modules) {
    PgConnectOptions target = Database.connectOptions(config.database());
    String where = target.getHost() + ":" + target.getPort() + "/" + target.getDatabase();
    // Each step has the deadline (not the whole chain): on a loaded machine five schemas' migrations
    // together can take longer than reaching PostgreSQL ever should, while each one still progresses.
    Future<Void> chain = Database.ensureExists(vertx, config.database())
        .timeout(DATABASE_START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    for (ServiceModule module : modules) {
      if (module.schema().isPresent()) {
        String schema = module.schema().get();
        chain = chain.compose(v -> Migrations.migrate(vertx, config.database(), schema)
            .timeout(DATABASE_START_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .onSuccess(n -> {
              if (n > 0) {
                LOG.info("schema {}: {} migration(s) applied", schema, n);
              }
            })
            .mapEmpty());
      }
    }
    return chain
        .recover(t -> Future.failedFuture(new StartupException(StartupException.DATABASE,
            "cannot reach PostgreSQL at " + where + ": " + rootMessage(t), t)));
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
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Waits for one step of the stop; a failed or slow step is logged and the stop goes on. */
  private static void awaitStep(String step, Future<?> future) throws InterruptedException {
    try {
      future.toCompletionStage().toCompletableFuture().get(SHUTDOWN_GRACE_MS + 1_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("stop: {} step did not complete: {}", step, rootMessage(e));
    }
  }
}
