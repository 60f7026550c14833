package io.switchboard.common.testing;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.Database;
import io.switchboard.common.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** A fresh PostgreSQL database that belongs to one test class; see {@link PgTestDatabase}. */
public final class TestDatabase {
  private final String name;
  private final String url;

  TestDatabase(String name, String url) {
    this.name = name;
    this.url = url;
  }

  public String name() {
    return name;
  }

  /** {@code postgresql://...} URL of this database. */
  public String url() {
    return url;
  }

  public SwitchboardConfig config() {
    return TestConfigs.config(url);
  }

  public SwitchboardConfig config(Map<String, String> overrides) {
    return TestConfigs.config(url, overrides);
  }

  public Pool pool(Vertx vertx) {
    return Database.pool(vertx, config().database());
  }

  /** Migrates the given service schemas in order. */
  public Future<Void> migrate(Vertx vertx, String... schemas) {
    Future<Void> chain = Future.succeededFuture();
    for (String schema : schemas) {
      chain = chain.compose(v -> Migrations.migrate(vertx, config().database(), schema).mapEmpty());
    }
    return chain;
  }
}
