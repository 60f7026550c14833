package io.switchboard.common.db;

import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations, one PostgreSQL schema per owning service: a service's scripts live in
 * {@code classpath:db/migration/<schema>} and only that service migrates (and writes) its schema.
 */
public final class Migrations {
  private Migrations() {}

  /** Migrates {@code schema} to the newest version; already migrated is a no-op. Runs off the event loop. */
  public static Future<Integer> migrate(Vertx vertx, SwitchboardConfig.Database config, String schema) {
    PgConnectOptions options = Database.connectOptions(config);
    return vertx.executeBlocking(() -> flyway(options, schema).migrate().migrationsExecuted, false);
  }

  static Flyway flyway(PgConnectOptions options, String schema) {
    return Flyway.configure()
        .dataSource(Database.jdbcUrl(options), options.getUser(), options.getPassword())
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration/" + schema)
        .connectRetries(0)
        .load();
  }
}
