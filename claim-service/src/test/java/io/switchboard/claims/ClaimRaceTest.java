package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimRaceTest {
  private static Vertx vertx;
  private static Pool pool;
  private static ClaimServiceModule.Deployment service;

  @BeforeAll
  static void start(TestDatabase db) {
    vertx = Vertx.vertx();
    db.migrate(vertx, ClaimServiceModule.SCHEMA).await();
    pool = db.pool(vertx);
    service = ClaimServiceModule.deployVerticles(vertx, db.config(), pool).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void tenAgentsClaimingEachOfAThousandCallsAtOnceGetExactlyOneWinnerPerCallAndPostgresAgrees() {
    int calls = 1_000;
    long started = System.nanoTime();
    ClaimRace.run(List.of(new ClaimServiceClient(vertx)), pool, "org-race", "single", calls);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("claim race: %d calls x %d agents in %d ms%n", calls, ClaimRace.AGENTS, millis);

    // Claims waiting on one in flight never reached PostgreSQL: one trip per call, not per claim.
    assertEquals(calls, service.arbiter().databaseAttempts());
  }
}
