package io.switchboard.claims;

import static io.switchboard.claims.ClaimServiceClient.agent;
import static io.switchboard.claims.ClaimServiceClient.failureBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.db.Database;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TcpProxy;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL unreachable: claims fail at once with 503, nobody is guessed the winner, and it recovers. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseOutageTest {
  private static final String ORG = "org-outage";
  private static Vertx vertx;
  private static TcpProxy proxy;
  /** Straight to PostgreSQL, for setting up and checking; the service goes through the proxy. */
  private static Pool direct;
  private static ClaimServiceClient client;

  @BeforeAll
  static void start(TestDatabase db) {
    vertx = Vertx.vertx();
    db.migrate(vertx, ClaimServiceModule.SCHEMA).await();
    String[] server = PgTestDatabase.serverHostPort().split(":");
    proxy = new TcpProxy(vertx, server[0], Integer.parseInt(server[1])).start().await();
    SwitchboardConfig viaProxy = db.config().withDatabaseUrl(
        "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db.name());
    ClaimServiceModule.deployVerticles(vertx, viaProxy, Database.pool(vertx, viaProxy.database())).await();
    direct = db.pool(vertx);
    client = new ClaimServiceClient(vertx);
  }

  @AfterAll
  static void stop() {
    proxy.close().await();
    vertx.close().await();
  }

  @Test
  void claimsFailWith503WhilePostgresIsDownAndSucceedOnceItIsBack() {
    client.create("OUT-1", ORG, "alice", "bob", "carol").await();
    proxy.cut();
    try {
      List<Future<ClaimResult>> claims = new ArrayList<>();
      for (String agent : List.of("alice", "bob", "carol")) {
        claims.add(client.claim("OUT-1", agent(agent, ORG)));
      }
      for (Future<ClaimResult> claim : claims) {
        JsonObject failure = failureBody(claim);
        assertEquals("UNAVAILABLE", failure.getString("error"));
        // The service itself answered 503; the request did not just time out.
        assertEquals("the database is unavailable", failure.getString("message"));
      }
      Row row = ClaimServiceClient.row(direct, "OUT-1");
      assertEquals("ringing", row.getString("status"));
      assertNull(row.getString("claim_winner"));
    } finally {
      proxy.restore();
    }

    ClaimResult won = client.claim("OUT-1", agent("bob", ORG)).await();
    assertEquals(ClaimResult.Outcome.WON, won.outcome());
    assertEquals("bob", ClaimServiceClient.row(direct, "OUT-1").getString("claim_winner"));
    assertEquals("bob", client.claim("OUT-1", agent("alice", ORG)).await().winner());
  }

  @Test
  void aClaimAlreadyDecidedIsStillAnsweredFromMemoryDuringAnOutage() {
    client.create("OUT-2", ORG, "alice", "bob").await();
    client.claim("OUT-2", agent("alice", ORG)).await();
    proxy.cut();
    try {
      ClaimResult lost = client.claim("OUT-2", agent("bob", ORG)).await();
      assertEquals(ClaimResult.Outcome.LOST, lost.outcome());
      assertEquals("alice", lost.winner());
    } finally {
      proxy.restore();
    }
  }
}
