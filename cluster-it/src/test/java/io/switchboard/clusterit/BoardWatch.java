package io.switchboard.clusterit;

import static io.switchboard.clusterit.TestOrg.ADMIN;
import static io.switchboard.clusterit.TestOrg.ORG;
import static io.switchboard.clusterit.Waits.WITHIN;
import static io.switchboard.clusterit.Waits.sleep;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An admin's dashboard watching the board, and the board it sees (the API's snapshot and the
 * socket's live deltas) compared with PostgreSQL.
 */
final class BoardWatch implements AutoCloseable {
  private final Vertx vertx;
  private final BridgeApi api;
  private final String adminToken;
  private final Tables tables;
  private BoardSocket observer;

  BoardWatch(Vertx vertx, BridgeApi api, String adminToken, Tables tables) {
    this.vertx = vertx;
    this.api = api;
    this.adminToken = adminToken;
    this.tables = tables;
  }

  boolean isWatching() {
    return observer != null;
  }

  void watch() {
    observer = new BoardSocket(vertx, api.port(), adminToken, ORG, ADMIN);
  }

  /** The admin's dashboard reconnects: a new socket, then the snapshot, as the web UI does. */
  void reconnect() {
    observer.close();
    observer = new BoardSocket(vertx, api.port(), adminToken, ORG, ADMIN);
    observer.seed(api.get(adminToken, "/api/board").body());
  }

  /** What differs between the bridge's board (snapshot and live deltas) and PostgreSQL; empty when equal. */
  List<String> differences() {
    List<String> differences = new ArrayList<>();
    BridgeApi.Reply snapshot = api.get(adminToken, "/api/board");
    if (snapshot.status() != 200) {
      return List.of("GET /api/board answered " + snapshot.status());
    }
    JsonObject board = snapshot.body();
    Set<String> pgLive = tables.list("SELECT call_sid FROM claims.calls WHERE status <> 'ended'").stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
    Set<String> snapshotCalls = ids(board.getJsonArray("calls"), "callSid");
    compare(differences, "live calls (snapshot)", pgLive, snapshotCalls);
    compare(differences, "live calls (deltas)", pgLive, observer.live("call").keySet());
    Set<String> pgParked = tables.list("SELECT id FROM parking.parked_calls").stream().map(r -> r.getString(0))
        .collect(Collectors.toSet());
    compare(differences, "parked (snapshot)", pgParked, ids(board.getJsonArray("parked"), "parkedId"));
    compare(differences, "parked (deltas)", pgParked, observer.live("parked").keySet());
    Map<String, String> pgAgents = new TreeMap<>();
    tables.list("SELECT agent_id, status FROM presence.agent_presence").forEach(r ->
        pgAgents.put(r.getString(0), r.getString(1).replace('_', '-')));
    Map<String, String> snapshotAgents = new TreeMap<>();
    board.getJsonArray("agents").forEach(a -> {
      JsonObject agent = (JsonObject) a;
      if (pgAgents.containsKey(agent.getString("agentId"))) {
        snapshotAgents.put(agent.getString("agentId"), agent.getString("status"));
      }
    });
    Map<String, String> deltaAgents = new TreeMap<>();
    observer.live("agent").forEach((id, data) -> deltaAgents.put(id, data.getString("status")));
    if (!pgAgents.equals(snapshotAgents)) {
      differences.add("agents: PostgreSQL " + pgAgents + ", snapshot " + snapshotAgents);
    }
    if (!pgAgents.equals(deltaAgents)) {
      differences.add("agents: PostgreSQL " + pgAgents + ", deltas " + deltaAgents);
    }
    return differences;
  }

  void awaitMatchesPostgres() {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    List<String> differences;
    while (!(differences = differences()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the board does not match PostgreSQL (observer socket open: " + observer.isOpen()
            + "): " + differences);
      }
      sleep(100);
    }
  }

  private static Set<String> ids(JsonArray items, String field) {
    return items.stream().map(o -> ((JsonObject) o).getString(field)).collect(Collectors.toSet());
  }

  private static void compare(List<String> differences, String what, Set<String> postgres, Set<String> seen) {
    if (!postgres.equals(seen)) {
      differences.add(what + ": PostgreSQL " + postgres + ", board " + seen);
    }
  }

  @Override
  public void close() {
    if (observer != null) {
      observer.close();
    }
  }
}
