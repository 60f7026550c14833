package io.switchboard.clusterit;

import static io.switchboard.clusterit.Prometheus.sum;
import static io.switchboard.clusterit.TestOrg.ADMIN;
import static io.switchboard.clusterit.TestOrg.AGENTS;
import static io.switchboard.clusterit.TestOrg.ORG;
import static io.switchboard.clusterit.Waits.sleep;
import static io.switchboard.clusterit.Waits.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Switchboard as separate processes from the real jar, clustered over Hazelcast on loopback:
 * voice-webhook, two claim-services, parking+presence, dashboard-bridge; telephony-sim runs in this
 * JVM and calls the webhook process over HTTP. A steady stream of calls rings several agents who
 * race to claim through the bridge's API; some calls are parked and taken back or abandoned while
 * parked. Mid-stream one claim-service is killed with SIGKILL and started again.
 */
@ExtendWith(PgTestDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterProcessesTest {
  static final int CALLS = 40;
  static final int KILL_AT = 12;

  static Vertx vertx;
  static SwitchboardCluster cluster;
  static Tables tables;
  static Map<String, String> tokens;
  static BridgeApi api;
  static CallStream calls;
  static BoardWatch board;

  @BeforeAll
  static void startTheCluster(TestDatabase db) throws Exception {
    vertx = Vertx.vertx();
    tables = new Tables(db.pool(vertx));
    cluster = SwitchboardCluster.create(vertx, db, Map.of(
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "40",
        "SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS", "4",
        "SWITCHBOARD_REQUEST_TIMEOUT_MS", "2000",
        "SWITCHBOARD_PG_POOL_SIZE", "4",
        "SWITCHBOARD_PARK_TIMEOUT_SECONDS", "600"));
    cluster.start("voice", cluster.voicePort, "voice-webhook-service");
    cluster.start("claims-1", "claim-service");
    cluster.start("claims-2", "claim-service");
    cluster.start("parking+presence", "parking-service,presence-service");
    cluster.start("bridge", "--services", "dashboard-bridge");
    cluster.awaitReady(Duration.ofSeconds(90));
    TestOrg.seed(tables);
    tokens = TestOrg.tokens(vertx);
    api = new BridgeApi(cluster.process("bridge").port);
    calls = new CallStream(vertx, cluster, api, tokens, tables);
    board = new BoardWatch(vertx, api, tokens.get(ADMIN), tables);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (board != null) {
      board.close();
    }
    if (calls != null) {
      calls.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  /** The agents' dashboards (their sockets make them online) and an admin's, watching the board. */
  static void connectDashboards() {
    if (board.isWatching()) {
      return;
    }
    calls.agents.connect();
    board.watch();
    calls.agents.awaitAvailable();
  }

  /**
   * Switchboard's named meters, read from each process's /metrics: they must count what the
   * stream did (claims won and lost add up to what the bridge's callers saw, deltas, webhooks).
   */
  static String metricsFigures() throws Exception {
    String voice = cluster.process("voice").metrics();
    String parkingPresence = cluster.process("parking+presence").metrics();
    String bridge = cluster.process("bridge").metrics();
    double won = 0;
    double lost = 0;
    double claimSeconds = 0;
    double claimCount = 0;
    double callDeltas = 0;
    for (String name : List.of("claims-1", "claims-2")) {
      String m = cluster.process(name).metrics();
      won += sum(m, "switchboard_claims_total", "outcome=\"won\"");
      lost += sum(m, "switchboard_claims_total", "outcome=\"lost\"");
      claimSeconds += sum(m, "switchboard_claim_latency_seconds_sum", "");
      claimCount += sum(m, "switchboard_claim_latency_seconds_count", "");
      callDeltas += sum(m, "switchboard_board_deltas_total", "kind=\"call\"");
    }
    double webhooks = sum(voice, "switchboard_webhook_latency_seconds_count", "path=\"/twilio/voice\"");
    double webhookSeconds = sum(voice, "switchboard_webhook_latency_seconds_sum", "path=\"/twilio/voice\"");
    double agentDeltas = sum(parkingPresence, "switchboard_board_deltas_total", "kind=\"agent\"");
    double parkedDeltas = sum(parkingPresence, "switchboard_board_deltas_total", "kind=\"parked\"");
    double sockets = sum(bridge, "switchboard_bridge_connections", "");
    assertTrue(won > 0 && lost > 0 && claimCount > 0 && callDeltas > 0, "claim meters");
    assertTrue(webhooks >= 1 && agentDeltas > 0 && parkedDeltas > 0, "webhook, agent and parked meters");
    assertEquals(AGENTS.size() + 1, (int) sockets, "bridge connections gauge = open dashboards");
    until(() -> {
      try {
        return sum(cluster.process("parking+presence").metrics(), "switchboard_parked_calls", "") == 0;
      } catch (Exception e) {
        return false;
      }
    }, "parked calls gauge back to 0");
    return String.format("metrics (since each process started): claims won %.0f / lost %.0f (claim services; the"
        + " killed node's count is gone), mean claim latency %.1f ms; call deltas %.0f, agent deltas %.0f,"
        + " parked deltas %.0f; /twilio/voice webhooks %.0f, mean %.1f ms; bridge sockets %.0f",
        won, lost, 1000 * claimSeconds / claimCount, callDeltas, agentDeltas, parkedDeltas, webhooks,
        1000 * webhookSeconds / webhooks, sockets);
  }

  @Test
  @Order(1)
  void callsRacingClaimsAndParksSurviveKillingAClaimServiceProcessAndTheBoardMatchesPostgres() throws Exception {
    connectDashboards();
    long[] killedAndReady = new long[2];
    StreamResult result = calls.stream(CALLS, 0, KILL_AT, () -> {
      killedAndReady[0] = System.nanoTime();
      cluster.process("claims-2").kill();
      JarProcess again = cluster.start("claims-2", "claim-service");
      again.awaitReady(Duration.ofSeconds(90));
      killedAndReady[1] = System.nanoTime();
      return null;
    });
    // The board a dashboard sees at the end. A dashboard connected through the kill may hold a
    // stale card: a change committed by the killed node whose delta died with it (deltas are at
    // most once). Counted here; a reconnecting dashboard (snapshot, then deltas) must match exactly.
    List<String> stale = List.of();
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!(stale = board.differences()).isEmpty() && System.nanoTime() < settle) {
      sleep(100);
    }
    board.reconnect();
    board.awaitMatchesPostgres();
    String metrics = metricsFigures();

    System.out.println(String.join("\n",
        "=== cluster-it figures: kill -9 of a claim-service mid-stream ===",
        String.format("processes: %s (+ telephony-sim in the test JVM, scale %.2f)", cluster.names(),
            SwitchboardCluster.SCALE),
        String.format("claims-2 killed (SIGKILL) after call %d; its replacement ready %.1f s later", KILL_AT,
            (killedAndReady[1] - killedAndReady[0]) / 1e9),
        result.figures(),
        "dashboard connected through the kill: " + (stale.isEmpty() ? "matches PostgreSQL"
            : "stale (deltas lost with the killed node): " + stale),
        "reconnected dashboard (snapshot + deltas) matches PostgreSQL: yes",
        metrics));
    result.assertClean();
    assertTrue(sum(cluster.process("claims-2").metrics(), "switchboard_claims_total", "") > 0,
        "the restarted claim-service took claims");
  }

  @Test
  @Order(2)
  void aRollingRestartOfAClaimServiceWithSigtermLosesNoRequest() throws Exception {
    connectDashboards();
    long[] stoppedIn = new long[1];
    StreamResult result = calls.stream(12, 100, 3, () -> {
      JarProcess old = cluster.process("claims-1");
      long t0 = System.nanoTime();
      old.terminate();
      assertTrue(old.waitFor(30, TimeUnit.SECONDS), "claims-1 stopped after SIGTERM");
      stoppedIn[0] = System.nanoTime() - t0;
      assertTrue(old.stdout().contains("stopped"), old.logs());
      cluster.start("claims-1", "claim-service").awaitReady(Duration.ofSeconds(90));
      return null;
    });
    board.awaitMatchesPostgres();
    System.out.println(String.join("\n",
        "=== cluster-it figures: rolling restart (SIGTERM) of a claim-service mid-stream ===",
        String.format("claims-1 stopped gracefully in %.1f s and was started again", stoppedIn[0] / 1e9),
        result.figures()));
    result.assertClean();
  }

  @Test
  @Order(3)
  void sigtermOnTheBridgeClosesEveryDashboardSocketBeforeItStops() throws Exception {
    JarProcess bridge = cluster.process("bridge");
    BoardSocket dashboard = new BoardSocket(vertx, api.port(), tokens.get(ADMIN), ORG, ADMIN);
    until(() -> {
      try {
        return sum(bridge.metrics(), "switchboard_bridge_connections", "") >= 1;
      } catch (Exception e) {
        return false;
      }
    }, "the bridge counts the socket");
    long open = (long) sum(bridge.metrics(), "switchboard_bridge_connections", "");

    bridge.terminate();

    Short status = dashboard.closed.future().timeout(10, TimeUnit.SECONDS).await();
    assertTrue(bridge.waitFor(30, TimeUnit.SECONDS), "the bridge stopped");
    String out = bridge.stdout();
    int closedAt = out.indexOf("closed " + open + " eventbus socket(s) for shutdown");
    assertTrue(closedAt >= 0, bridge.logs());
    assertTrue(closedAt < out.indexOf("stopping: finishing") || closedAt < out.lastIndexOf("stopped"),
        "sockets closed before the node stopped:\n" + bridge.logs());
    System.out.println("=== cluster-it: SIGTERM on the bridge closed its " + open
        + " dashboard socket(s) (close status " + status + ") before it stopped ===");
  }
}
