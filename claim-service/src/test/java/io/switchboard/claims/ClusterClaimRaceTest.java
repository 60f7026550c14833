package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.testing.ClusterNodes;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two claim-service instances, each with its own arbiter and pool, in one real Hazelcast cluster. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterClaimRaceTest {
  private static final ClusterNodes cluster = new ClusterNodes();
  private static Vertx nodeA;
  private static Vertx nodeB;
  private static Pool checkPool;
  private static ClaimServiceModule.Deployment serviceA;
  private static ClaimServiceModule.Deployment serviceB;

  @BeforeAll
  static void start(TestDatabase db) {
    List<Vertx> nodes = cluster.start(2).await();
    nodeA = nodes.get(0);
    nodeB = nodes.get(1);
    db.migrate(nodeA, ClaimServiceModule.SCHEMA).await();
    SwitchboardConfig config = db.config();
    serviceA = ClaimServiceModule.deployVerticles(nodeA, config, db.pool(nodeA)).await();
    serviceB = ClaimServiceModule.deployVerticles(nodeB, config, db.pool(nodeB)).await();
    checkPool = db.pool(nodeA);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void twoInstancesInOneClusterStillGiveExactlyOneWinnerPerCallWithRequestsSpreadOverBothNodes() {
    int calls = 1_000;
    long started = System.nanoTime();
    ClaimRace.run(List.of(new ClaimServiceClient(nodeA), new ClaimServiceClient(nodeB)), checkPool,
        "org-cluster", "cluster", calls);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long attemptsA = serviceA.arbiter().databaseAttempts();
    long attemptsB = serviceB.arbiter().databaseAttempts();
    System.out.printf("cluster claim race: %d calls x %d agents in %d ms; PostgreSQL attempts A=%d B=%d%n",
        calls, ClaimRace.AGENTS, millis, attemptsA, attemptsB);

    // Both arbiters served claims, and each went to PostgreSQL at most once per call.
    assertTrue(attemptsA > 0 && attemptsB > 0, "claims reached both instances");
    assertTrue(attemptsA <= calls && attemptsB <= calls);
    assertEquals(calls, ClaimServiceClient.count(checkPool, "SELECT count(*) FROM claims.call_claims"));
  }
}
