package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardDelta;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.ConnectionReport;
import io.switchboard.common.db.Database;
import io.switchboard.common.testing.ClusterNodes;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two real Hazelcast nodes. The agent's dashboard is on node B; presence runs on node A. B dies
 * without leaving (its Hazelcast instance is terminated, as a killed pod's would vanish): A must
 * notice through cluster membership and take the agent offline within the grace period + 2 s.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterOfflineTest {
  private static final long GRACE_MS = 2_000;
  private final ClusterNodes cluster = new ClusterNodes();
  private Pool pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close().await();
    }
    cluster.close();
  }

  @Test
  void anAgentWhoseDashboardNodeIsKilledGoesOfflineWithinGracePlusTwoSecondsSeenFromNodeA(TestDatabase db) {
    List<Vertx> nodes = cluster.start(2).await();
    Vertx a = nodes.get(0);
    Vertx b = nodes.get(1);
    db.migrate(a, PresenceServiceModule.SCHEMA).await();
    var config = db.config(Map.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", String.valueOf(GRACE_MS / 1000)));
    pool = Database.pool(a, config.database());
    a.deployVerticle(new PresenceVerticle(config, pool)).await();

    String org = PresenceFixture.newOrg();
    List<PresenceFixture.Seen> seenOnA = new CopyOnWriteArrayList<>();
    a.eventBus().<JsonObject>consumer(Addresses.board(org),
        m -> seenOnA.add(new PresenceFixture.Seen(BoardDelta.fromJson(m.body()), System.currentTimeMillis())))
        .completion().await();

    // The bridge on node B reports the socket, from node B, with B's node id.
    String nodeB = ClusterSupport.nodeId(b);
    // As the bridge sends it: resent while node B does not yet know A's presence consumer.
    AgentView connected = AgentView.fromJson(Bus.requestRetrying(b, Addresses.PRESENCE_CONNECTED,
        new ConnectionReport("kim", org, "sock-on-b", nodeB).toJson(), 5_000, true).await());
    assertEquals(AgentStatus.AVAILABLE, connected.status());

    long killed = System.currentTimeMillis();
    ClusterSupport.hazelcast(b).orElseThrow().getHazelcastInstance().getLifecycleService().terminate();

    long deadline = killed + GRACE_MS + 2_000;
    PresenceFixture.Seen offline = null;
    while (offline == null && System.currentTimeMillis() < deadline + 1_000) {
      offline = seenOnA.stream().filter(s -> s.agent().status() == AgentStatus.OFFLINE).findFirst().orElse(null);
      PresenceFixture.pause(20);
    }
    assertTrue(offline != null, "kim never went offline; deltas seen on A: " + seenOnA);
    long took = offline.atMillis() - killed;
    System.out.printf("node B killed -> kim offline on node A after %d ms (grace %d ms)%n", took, GRACE_MS);
    assertTrue(took <= GRACE_MS + 2_000, "offline " + took + " ms after node B was killed");
    assertTrue(took >= GRACE_MS, "the grace period still applies after a node dies");

    List<AgentView> board = PresenceFixture.views(Bus.request(a.eventBus(), Addresses.BOARD_SNAPSHOT_AGENTS,
        new BoardQuery(org).toJson()).await());
    assertEquals(AgentStatus.OFFLINE, board.get(0).status());
    assertEquals(0, pool.query("SELECT count(*) AS n FROM presence.agent_connections").execute().await()
        .iterator().next().getLong("n"), "the dead node's connections are gone");
  }
}
