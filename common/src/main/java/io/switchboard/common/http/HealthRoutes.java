package io.switchboard.common.http;

import io.switchboard.common.cluster.ClusterSupport;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Pool;

/**
 * {@code GET /health/live}: the process answers. {@code GET /health/ready}: 200 only when
 * PostgreSQL answers a query and, when clustered, this node is a running cluster member; 503 with
 * the failing check otherwise. Kubernetes routes traffic by the second and restarts by the first.
 */
public final class HealthRoutes {
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private HealthRoutes() {}

  public static void mount(Router router, Vertx vertx, Pool pool) {
    router.get(LIVE).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    router.get(READY).handler(HealthCheckHandler.createWithHealthChecks(readiness(vertx, pool)));
  }

  static HealthChecks readiness(Vertx vertx, Pool pool) {
    HealthChecks checks = HealthChecks.create(vertx);
    if (pool != null) {
      checks.register("database", CHECK_TIMEOUT_MS, (Promise<Status> p) -> pool.query("SELECT 1").execute()
          .onSuccess(rows -> p.tryComplete(Status.OK()))
          .onFailure(t -> p.tryComplete(Status.KO(new JsonObject().put("error", String.valueOf(t.getMessage()))))));
    }
    if (vertx.isClustered()) {
      checks.register("cluster", CHECK_TIMEOUT_MS, (Promise<Status> p) ->
          p.tryComplete(ClusterSupport.isClusterHealthy(vertx) ? Status.OK() : Status.KO()));
    }
    return checks;
  }
}
