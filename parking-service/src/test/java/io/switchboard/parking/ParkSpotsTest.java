package io.switchboard.parking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.db.Database;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Numbered park spots: each parked call of an org holds the lowest spot that was free when it was parked. */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ParkSpotsTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private Vertx vertx;
  private Pool first;
  private Pool second;
  private ParkingSql sql;

  @BeforeEach
  void start(TestDatabase db) {
    vertx = Vertx.vertx();
    var config = db.config(Map.of("SWITCHBOARD_PG_CONNECT_TIMEOUT_MS", "20000")).database();
    db.migrate(vertx, "parking").await();
    first = Database.pool(vertx, config, 8, Database.GENERIC_PLANS);
    second = Database.pool(vertx, config, 8, Database.GENERIC_PLANS);
    sql = new ParkingSql(first);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private int park(ParkingSql on, String org, String callSid) {
    Optional<ParkingSql.Parked> row = on.insert(callSid, org, "+15550001111", "ann", "park-" + callSid, TIMEOUT).await();
    assertTrue(row.isPresent(), callSid + " parked");
    return row.get().view().spot();
  }

  private String idOf(String callSid) {
    return sql.findByCall(callSid).await().orElseThrow().view().parkedId();
  }

  @Test
  void parksTakeTheLowestFreeSpotAndASpotIsReusedOnceItsCallLeavesTheLot() {
    assertEquals(1, park(sql, "acme", "CA1"));
    assertEquals(2, park(sql, "acme", "CA2"));
    assertEquals(3, park(sql, "acme", "CA3"));

    sql.delete(idOf("CA2")).await();
    assertEquals(2, park(sql, "acme", "CA4"), "the freed spot 2 is the lowest free one");
    assertEquals(4, park(sql, "acme", "CA5"));

    sql.delete(idOf("CA1")).await();
    sql.delete(idOf("CA3")).await();
    assertEquals(1, park(sql, "acme", "CA6"));
    assertEquals(3, park(sql, "acme", "CA7"));
    assertEquals(Optional.of("CA4"), sql.findBySpot("acme", 2).await().map(p -> p.view().callSid()));
    assertEquals(Optional.empty(), sql.findBySpot("acme", 5).await());
  }

  @Test
  void aCallBeingRetrievedKeepsItsSpotAndARepeatedParkOfTheSameCallTakesNoSecondSpot() {
    assertEquals(1, park(sql, "acme", "CB1"));
    assertTrue(sql.take(idOf("CB1"), "bob", "ann").await().isPresent());
    assertEquals(2, park(sql, "acme", "CB2"), "spot 1 is still held while its call rings an agent");
    assertEquals(Optional.empty(), sql.insert("CB2", "acme", null, "ann", "park-CB2-again", TIMEOUT).await());
    assertEquals(3, park(sql, "acme", "CB3"));
  }

  @Test
  void eachOrgNumbersItsOwnSpots() {
    assertEquals(1, park(sql, "acme", "CC1"));
    assertEquals(1, park(sql, "globex", "CC2"));
    assertEquals(2, park(sql, "acme", "CC3"));
    assertEquals(2, park(sql, "globex", "CC4"));
    assertEquals(Optional.of("CC2"), sql.findBySpot("globex", 1).await().map(p -> p.view().callSid()));
    assertEquals(Optional.of("CC1"), sql.findBySpot("acme", 1).await().map(p -> p.view().callSid()));
  }

  @Test
  void parksAtTheSameTimeFromTwoInstancesGetDistinctSpotsOneToN() {
    ParkingSql other = new ParkingSql(second);
    int n = 24;
    List<Future<Optional<ParkingSql.Parked>>> parks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parks.add((i % 2 == 0 ? sql : other).insert("CD" + i, "acme", null, "ann", "park-CD" + i, TIMEOUT));
    }
    Future.all(parks).await();
    TreeSet<Integer> spots = new TreeSet<>();
    for (Future<Optional<ParkingSql.Parked>> park : parks) {
      spots.add(park.result().orElseThrow().view().spot());
    }
    assertEquals(IntStream.rangeClosed(1, n).boxed().toList(), List.copyOf(spots), "no spot given twice, none skipped");
  }

  @Test
  void ofTwoRetrievalsOfOneSpotAtOnceExactlyOneTakesTheCallAndTheSpotIsFree() {
    park(sql, "acme", "CE1");
    park(sql, "acme", "CE2");
    ParkingSql other = new ParkingSql(second);
    List<Optional<ParkingSql.Parked>> both = Future.all(sql.takeSpot("acme", 2), other.takeSpot("acme", 2))
        .await().list();
    assertEquals(1, both.stream().filter(Optional::isPresent).count(), "one winner: " + both);
    assertEquals("CE2", both.stream().flatMap(Optional::stream).findFirst().orElseThrow().view().callSid());
    assertEquals(Optional.empty(), sql.takeSpot("globex", 1).await(), "another org's spot 1 is not acme's");
    assertEquals(2, park(sql, "acme", "CE3"), "spot 2 is free again");
  }

  @Test
  void aCallBeingHandedToAnAgentCannotBeTakenBySpot() {
    park(sql, "acme", "CF1");
    assertTrue(sql.take(idOf("CF1"), "bob", "ann").await().isPresent());
    assertEquals(Optional.empty(), sql.takeSpot("acme", 1).await());
  }
}
