package io.switchboard.common.db;

import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Connections to PostgreSQL: the pool every service shares, and creating the database itself. */
public final class Database {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

  /**
   * Plan each prepared statement once and reuse the plan. PostgreSQL otherwise keeps re-planning a
   * statement whose generic plan it estimates as dearer, as it does for the claim batch (its arrays
   * have no known length): planning that statement costs more than running it for a few calls.
   */
  public static final Map<String, String> GENERIC_PLANS = Map.of("plan_cache_mode", "force_generic_plan");

  private Database() {}

  public static PgConnectOptions connectOptions(SwitchboardConfig.Database config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.url());
    options.setReconnectAttempts(0);
    options.setCachePreparedStatements(true);
    return options;
  }

  public static Pool pool(Vertx vertx, SwitchboardConfig.Database config) {
    return pool(vertx, config, config.poolSize(), Map.of());
  }

  /** Pools made so far in this JVM: each gets its own name, so each reports its own pool meters. */
  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * A pool of {@code size} connections whose sessions start with {@code sessionSettings} (PostgreSQL
   * run-time parameters, e.g. {@link #GENERIC_PLANS}), for a hot path that needs its own.
   */
  public static Pool pool(Vertx vertx, SwitchboardConfig.Database config, int size, Map<String, String> sessionSettings) {
    PgConnectOptions connect = connectOptions(config);
    sessionSettings.forEach(connect::addProperty);
    return PgBuilder.pool()
        .with(new PoolOptions()
            // Vert.x names every pool alike by default, so a second pool's meters (vertx.pool.*) clash
            // with the first's and Micrometer warns at each start.
            .setName("postgresql-" + POOLS.incrementAndGet())
            .setMaxSize(size)
            .setMaxWaitQueueSize(10_000)
            // A request waits for a connection at most this long, then fails with 503.
            .setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()))
            .setIdleTimeout(60)
            .setShared(false))
        .with(new NetClientOptions().setConnectTimeout((int) config.connectTimeout().toMillis()))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * Creates the configured database if it does not exist, connecting to the {@code postgres}
   * maintenance database with the same credentials. Concurrent creators both succeed.
   */
  public static Future<Void> ensureExists(Vertx vertx, SwitchboardConfig.Database config) {
    PgConnectOptions target = connectOptions(config);
    String name = target.getDatabase();
    if (!SAFE_NAME.matcher(name).matches()) {
      return Future.failedFuture(new IllegalArgumentException("unsupported database name: " + name));
    }
    PgConnectOptions maintenance = new PgConnectOptions(target).setDatabase("postgres");
    return PgConnection.connect(vertx, maintenance).compose(conn ->
        conn.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1").execute(Tuple.of(name))
            .compose(rows -> rows.size() > 0
                ? Future.<Void>succeededFuture()
                : conn.query("CREATE DATABASE \"" + name + "\"").execute().<Void>mapEmpty()
                    .recover(Database::ignoreDuplicateDatabase))
            .eventually(conn::close));
  }

  private static Future<Void> ignoreDuplicateDatabase(Throwable t) {
    if (t instanceof PgException pg && ("42P04".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()))) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(t);
  }

  /** A JDBC URL for the same database, for Flyway. */
  public static String jdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?connectTimeout=5";
  }
}
