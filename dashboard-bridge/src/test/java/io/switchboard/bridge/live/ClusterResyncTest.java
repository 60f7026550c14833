package io.switchboard.bridge.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Role;
import io.switchboard.common.http.OnContext;
import io.switchboard.common.testing.ClusterNodes;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node that commits a change to PostgreSQL and dies before publishing it: every board connected
 * to a bridge node is told to reload its snapshot as soon as the cluster sees the node leave, well
 * within 2 s, instead of waiting for its 30 s reconcile.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterResyncTest {

  /** A raw bridge client registered for one address, collecting what it receives. */
  private static final class Board {
    final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final WebSocket ws;

    Board(BridgeFixture bridge, String token, String address) {
      var client = bridge.vertx.createWebSocketClient();
      ws = OnContext.run(bridge.vertx, () -> client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
              .setPort(bridge.port()).setURI("/eventbus/websocket?token=" + token))
          .map(socket -> {
            socket.handler(buffer -> frames.add(buffer.toJsonObject()));
            return socket;
          })).await();
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
          .put("headers", new JsonObject().put("token", token)).encode()).await();
    }
  }

  @Test
  void whenANodeDiesBetweenCommitAndPublishEveryBoardReloadsWithinTwoSeconds(TestDatabase db) throws Exception {
    try (ClusterNodes cluster = new ClusterNodes()) {
      List<Vertx> nodes = cluster.start(3).await();
      // Two bridge nodes, each with a board of its own; the third node is the one that dies.
      BridgeFixture first = BridgeFixture.start(db, nodes.get(0), Map.of(), "test-webroot").seed();
      BridgeFixture second = BridgeFixture.start(db, nodes.get(1), Map.of(), "test-webroot");
      Vertx dying = nodes.get(2);
      Pool dyingPool = db.pool(dying);
      dyingPool.query("CREATE TABLE resync_calls (call_sid text PRIMARY KEY)").execute().await();
      // The calls snapshot reads what is committed, as the claim-service's does.
      first.fake(Addresses.BOARD_SNAPSHOT_CALLS, req -> first.pool.query("SELECT call_sid FROM resync_calls")
          .execute().map(rows -> {
            JsonArray calls = new JsonArray();
            rows.forEach(r -> calls.add(new JsonObject().put("callSid", r.getString("call_sid")).put("orgId", "acme")));
            return new JsonObject().put("calls", calls).put("stats", new JsonObject());
          }));
      Board one = new Board(first, first.ann(), Addresses.board("acme"));
      Board two = new Board(second, second.token("bob", "acme", Role.AGENT),
          Addresses.board("acme"));
      // Both registrations are in place once a publish reaches both boards.
      awaitBoth(first, one, two);

      // Committed, never published: the node is gone before it could tell anyone.
      dyingPool.query("INSERT INTO resync_calls VALUES ('CA-unpublished')").execute().await();
      assertNull(one.frames.poll(200, TimeUnit.MILLISECONDS), "nothing was published");
      long left = System.nanoTime();
      cluster.stop(dying).await();

      for (Board board : List.of(one, two)) {
        JsonObject frame = board.frames.poll(2_000 - (System.nanoTime() - left) / 1_000_000, TimeUnit.MILLISECONDS);
        assertTrue(frame != null, "the board was told to reload within 2 s of the node leaving");
        assertEquals(Addresses.board("acme"), frame.getString("address"));
        assertEquals(new JsonObject().put("type", "resync"), frame.getJsonObject("body"));
      }
      // What the reloading board then fetches holds the unpublished change.
      JsonArray calls = second.get("/api/board", second.token("bob", "acme", Role.AGENT))
          .json().getJsonArray("calls");
      assertEquals("CA-unpublished", calls.getJsonObject(0).getString("callSid"));
      first.close();
      second.close();
    }
  }

  private static void awaitBoth(BridgeFixture bridge, Board one, Board two) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    boolean seenOne = false;
    boolean seenTwo = false;
    JsonObject ping = new JsonObject().put("kind", "ping");
    while (!(seenOne && seenTwo) && System.currentTimeMillis() < deadline) {
      bridge.vertx.eventBus().publish(Addresses.board("acme"), ping);
      Thread.sleep(100);
      seenOne |= one.frames.stream().anyMatch(f -> ping.equals(f.getJsonObject("body")));
      seenTwo |= two.frames.stream().anyMatch(f -> ping.equals(f.getJsonObject("body")));
    }
    assertTrue(seenOne && seenTwo, "both boards registered");
    one.frames.clear();
    two.frames.clear();
  }
}
