package io.switchboard.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PgTestDatabase.EachTest}: every test method starts on an empty database of its own. */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
@TestMethodOrder(MethodOrderer.MethodName.class)
class EachTestDatabaseTest {
  private static final List<String> NAMES = new ArrayList<>();
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void open(TestDatabase db) {
    NAMES.add(db.name());
    vertx = Vertx.vertx();
    pool = db.pool(vertx);
    pool.query("CREATE TABLE IF NOT EXISTS leftovers (id int)").execute().await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aFirstTestLeavesARowBehind() {
    pool.query("INSERT INTO leftovers VALUES (1)").execute().await();
  }

  @Test
  void bTheNextTestDoesNotSeeIt(TestDatabase db) {
    assertEquals(0L, pool.query("SELECT count(*) FROM leftovers").execute().await().iterator().next().getLong(0));
    assertEquals(NAMES.get(NAMES.size() - 1), db.name(), "the test and its @BeforeEach share one database");
  }

  @AfterAll
  static void eachTestHadItsOwnDatabase() {
    assertEquals(2, NAMES.stream().distinct().count(), NAMES.toString());
  }
}
