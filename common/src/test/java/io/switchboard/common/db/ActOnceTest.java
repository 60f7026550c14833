package io.switchboard.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two instances of one service, each with its own pool, racing for the same call changes. */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ActOnceTest {
  private static final String SCHEMA = "once_probe";

  private Vertx vertx;
  private Pool first;
  private Pool second;

  @BeforeEach
  void start(TestDatabase db) {
    vertx = Vertx.vertx();
    // Generous connect time: this is about who acts, not about connecting on a busy machine.
    var config = db.config(Map.of("SWITCHBOARD_PG_CONNECT_TIMEOUT_MS", "20000")).database();
    first = Database.pool(vertx, config);
    second = Database.pool(vertx, config);
    // The table every service's own migrations create, and a table the reactions write.
    first.query("CREATE SCHEMA " + SCHEMA + "; "
        + "CREATE TABLE " + SCHEMA + ".calls_seen (call_sid text PRIMARY KEY, version bigint NOT NULL, "
        + "seen_at timestamptz NOT NULL DEFAULT now()); "
        + "CREATE INDEX calls_seen_by_age ON " + SCHEMA + ".calls_seen (seen_at); "
        + "CREATE TABLE " + SCHEMA + ".effects (call_sid text, version bigint, instance text)")
        .execute().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void ofTwoInstancesReceivingTheSameChangeExactlyOneActsAndRepeatsAndOlderChangesAreDropped() {
    ActOnce a = new ActOnce(first, SCHEMA);
    ActOnce b = new ActOnce(second, SCHEMA);

    List<Optional<String>> both = Future.all(
            a.onCallChange("CA1", 3, conn -> effect(conn, "CA1", 3, "a")),
            b.onCallChange("CA1", 3, conn -> effect(conn, "CA1", 3, "b")))
        .await().list();
    assertEquals(1, both.stream().filter(Optional::isPresent).count(), "one instance acted: " + both);
    assertEquals(1, effects("CA1"));

    assertTrue(a.onCallChange("CA1", 3, conn -> effect(conn, "CA1", 3, "a")).await().isEmpty(), "a repeat");
    assertTrue(b.onCallChange("CA1", 2, conn -> effect(conn, "CA1", 2, "b")).await().isEmpty(),
        "a change overtaken by a newer one");
    assertEquals(1, effects("CA1"));

    assertEquals(Optional.of("b"), b.onCallChange("CA1", 4, conn -> effect(conn, "CA1", 4, "b")).await());
    assertEquals(Optional.of("a"), a.onCallChange("CA2", 2, conn -> effect(conn, "CA2", 2, "a")).await(),
        "another call is claimed on its own");
    assertEquals(2, effects("CA1"));
  }

  @Test
  void aReactionThatFailsLeavesNeitherItsClaimNorItsWritesSoAnotherInstanceActs() {
    ActOnce a = new ActOnce(first, SCHEMA);
    ActOnce b = new ActOnce(second, SCHEMA);

    Future<Optional<String>> failed = a.onCallChange("CA3", 5, conn -> effect(conn, "CA3", 5, "a")
        .compose(done -> Future.failedFuture(new IllegalStateException("Twilio refused"))));
    failed.transform(done -> Future.succeededFuture()).await();
    assertTrue(failed.failed(), "the reaction's failure is the caller's");
    assertEquals(0, effects("CA3"), "its write was rolled back with the claim");

    assertEquals(Optional.of("b"), b.onCallChange("CA3", 5, conn -> effect(conn, "CA3", 5, "b")).await());
    assertEquals(1, effects("CA3"));
  }

  @Test
  void whenTheInstanceActingDiesBeforeCommittingAnotherThatReceivedTheChangeActsInstead() throws Exception {
    ActOnce dying = new ActOnce(first, SCHEMA);
    ActOnce survivor = new ActOnce(second, SCHEMA);

    Promise<Void> claimed = Promise.promise();
    // The dying instance claims the change and writes, then never finishes (its process is about to go).
    dying.onCallChange("CA4", 7, conn -> effect(conn, "CA4", 7, "dying")
        .compose(written -> {
          claimed.complete();
          return Promise.<String>promise().future();
        }));
    claimed.future().await();

    Future<Optional<String>> waiting = survivor.onCallChange("CA4", 7, conn -> effect(conn, "CA4", 7, "survivor"));
    Thread.sleep(500);
    assertFalse(waiting.isComplete(), "the survivor waits on the uncommitted claim instead of dropping the change");

    first.close().await(); // the dying instance's connections go: PostgreSQL rolls its transaction back
    assertEquals(Optional.of("survivor"), waiting.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("survivor"), instances("CA4"));
  }

  private static Future<String> effect(SqlConnection conn, String callSid, long version, String instance) {
    return conn.preparedQuery("INSERT INTO " + SCHEMA + ".effects (call_sid, version, instance) VALUES ($1, $2, $3)")
        .execute(Tuple.of(callSid, version, instance)).map(rows -> instance);
  }

  private long effects(String callSid) {
    return instances(callSid).size();
  }

  private List<String> instances(String callSid) {
    List<String> instances = new ArrayList<>();
    second.preparedQuery("SELECT instance FROM " + SCHEMA + ".effects WHERE call_sid = $1 ORDER BY version")
        .execute(Tuple.of(callSid)).await().forEach(row -> instances.add(row.getString(0)));
    return instances;
  }
}
