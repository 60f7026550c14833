package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/board}: four owners' snapshots plus the directory, merged; partial when a part is down. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoardTest {
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private static JsonObject call(String sid, String org, String status, Instant created) {
    return new JsonObject().put("callSid", sid).put("orgId", org).put("status", status)
        .put("createdAt", created.toString()).put("version", 2);
  }

  private void snapshot(String address, String field, JsonArray items) {
    bridge.fake(address, req -> Future.succeededFuture(new JsonObject().put(field, items)));
  }

  @Test
  void mergesEveryPartAndGivesEveryDirectoryUserACard() {
    Instant now = Instant.now();
    var calls = bridge.fake(Addresses.BOARD_SNAPSHOT_CALLS, req -> Future.succeededFuture(new JsonObject()
        .put("calls", new JsonArray()
            .add(call("CA1", "acme", "ringing", now.minusSeconds(40)))
            .add(call("CA2", "acme", "active", now.minusSeconds(100)))
            .add(call("CAX", "globex", "ringing", now)))
        .put("stats", new JsonObject().put("answeredToday", 12))));
    snapshot(Addresses.BOARD_SNAPSHOT_AGENTS, "agents", new JsonArray()
        .add(new JsonObject().put("agentId", "bob").put("orgId", "acme").put("name", "stale name")
            .put("status", "busy").put("callSid", "CA2").put("version", 9)));
    snapshot(Addresses.BOARD_SNAPSHOT_PARKED, "parked", new JsonArray()
        .add(new JsonObject().put("parkedId", "P1").put("orgId", "acme").put("callSid", "CA3").put("version", 4)));
    snapshot(Addresses.BOARD_SNAPSHOT_VOICEMAILS, "voicemails", new JsonArray()
        .add(new JsonObject().put("voicemailId", "VM1").put("orgId", "acme").put("version", 1)));

    var response = bridge.get("/api/board", bridge.ann());

    assertEquals(200, response.status(), response.text());
    JsonObject board = response.json();
    assertEquals(new JsonObject().put("orgId", "acme"), calls.only(), "asked for the caller's org");
    assertEquals(2, board.getJsonArray("calls").size(), "another org's call is never passed on");
    JsonArray agents = board.getJsonArray("agents");
    assertEquals(3, agents.size(), "ada, ann and bob; not gus of globex");
    JsonObject bob = find(agents, "bob");
    assertEquals("Bob Agent", bob.getString("name"), "names come from the directory");
    assertEquals("busy", bob.getString("status"));
    assertEquals(9, bob.getInteger("version"));
    JsonObject ann = find(agents, "ann");
    assertEquals("offline", ann.getString("status"), "no presence row: offline");
    assertEquals(0, ann.getInteger("version"));
    assertEquals("Ann Agent", ann.getString("name"));
    assertEquals(1, board.getJsonArray("parked").size());
    assertEquals(1, board.getJsonArray("voicemails").size());
    JsonObject stats = board.getJsonObject("stats");
    assertEquals(1, stats.getInteger("waiting"));
    assertEquals(1, stats.getInteger("active"));
    assertEquals(1, stats.getInteger("parked"));
    assertEquals(12, stats.getInteger("answeredToday"), "the claim-service's own counters pass through");
    assertEquals(true, stats.getLong("longestWaitSeconds") >= 40);
    assertNotNull(Instant.parse(board.getString("serverTime")));
    assertFalse(board.containsKey("partial"));
  }

  @Test
  void aDownPartMakesThePartialBoardSayWhichInsteadOfFailing() {
    snapshot(Addresses.BOARD_SNAPSHOT_CALLS, "calls", new JsonArray());
    bridge.fake(Addresses.BOARD_SNAPSHOT_PARKED, req -> Future.failedFuture(Failures.unavailable("db down")));
    // Presence and voicemails have no consumer at all.

    var response = bridge.get("/api/board", bridge.ann());

    assertEquals(200, response.status(), response.text());
    JsonObject board = response.json();
    assertEquals(new JsonArray().add("agents").add("parked").add("voicemails"), board.getJsonArray("partial"));
    assertEquals(new JsonArray(), board.getJsonArray("parked"));
    JsonArray agents = board.getJsonArray("agents");
    assertEquals(3, agents.size(), "cards from the directory, offline at version 0");
    agents.forEach(a -> assertEquals(0, ((JsonObject) a).getInteger("version")));
  }

  @Test
  void withoutTheCallsTheBoardIs503() {
    snapshot(Addresses.BOARD_SNAPSHOT_AGENTS, "agents", new JsonArray());
    snapshot(Addresses.BOARD_SNAPSHOT_PARKED, "parked", new JsonArray());
    snapshot(Addresses.BOARD_SNAPSHOT_VOICEMAILS, "voicemails", new JsonArray());

    var response = bridge.get("/api/board", bridge.ann());

    assertEquals(503, response.status());
    assertEquals("UNAVAILABLE", response.json().getString("error"));
  }

  private static JsonObject find(JsonArray agents, String id) {
    for (Object o : agents) {
      if (id.equals(((JsonObject) o).getString("agentId"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no card for " + id + " in " + agents);
  }
}
