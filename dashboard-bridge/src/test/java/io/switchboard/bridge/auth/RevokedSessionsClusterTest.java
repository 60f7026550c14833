package io.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.ClusterNodes;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A logout on one bridge node reaches every other node over the clustered event bus at once. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RevokedSessionsClusterTest {

  @Test
  void aLogoutOnOneNodeIsRefusedOnTheOtherWithinMomentsNotAtTheNextReload(TestDatabase db) throws Exception {
    try (ClusterNodes cluster = new ClusterNodes()) {
      List<Vertx> nodes = cluster.start(2).await();
      db.migrate(nodes.get(0), DashboardBridgeModule.SCHEMA).await();
      RevokedSessions here = new RevokedSessions(nodes.get(0), db.pool(nodes.get(0)));
      RevokedSessions there = new RevokedSessions(nodes.get(1), db.pool(nodes.get(1)));
      here.start().await();
      there.start().await();
      List<String> closedThere = new CopyOnWriteArrayList<>();
      there.onRevoked(closedThere::add);
      String sessionId = UUID.randomUUID().toString();
      AuthUser ann = new AuthUser("ann", "acme", Role.AGENT, "Ann", sessionId, Instant.now().plusSeconds(600));
      assertFalse(there.isRevoked(sessionId));

      here.revoke(ann).await();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (!there.isRevoked(sessionId) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(there.isRevoked(sessionId), "the other node knows well before its "
          + RevokedSessions.RELOAD.toSeconds() + " s reload");
      assertEquals(List.of(sessionId), closedThere, "and closes that session's sockets");
      assertTrue(here.isRevoked(sessionId));
    }
  }
}
