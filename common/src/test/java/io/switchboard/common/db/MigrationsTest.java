package io.switchboard.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrationsTest {
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aFreshDatabaseIsMigratedAndMigratingAgainIsANoOp(TestDatabase db) {
    var config = db.config().database();
    assertEquals(1, Migrations.migrate(vertx, config, "platform_probe").await());
    assertEquals(0, Migrations.migrate(vertx, config, "platform_probe").await());

    Pool pool = Database.pool(vertx, config);
    int tables = pool.query("SELECT count(*) FROM information_schema.tables "
        + "WHERE table_schema = 'platform_probe' AND table_name = 'probe'").execute()
        .await().iterator().next().getInteger(0);
    assertEquals(1, tables);
    pool.close().await();
  }

  @Test
  void aMissingDatabaseIsCreatedAndCreatingItAgainIsHarmless(TestDatabase db) {
    String url = db.url() + "_extra";
    var config = db.config().withDatabaseUrl(url).database();
    try {
      Database.ensureExists(vertx, config).await();
      Database.ensureExists(vertx, config).await();
      Pool pool = Database.pool(vertx, config);
      assertEquals(1, pool.query("SELECT 1").execute().await().iterator().next().getInteger(0));
      pool.close().await();
    } finally {
      Pool admin = Database.pool(vertx, db.config().database());
      admin.query("DROP DATABASE IF EXISTS " + db.name() + "_extra WITH (FORCE)").execute().await();
      admin.close().await();
    }
  }
}
