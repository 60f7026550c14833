package io.switchboard.clusterit;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A non-browser dashboard: the raw SockJS WebSocket {@code /eventbus/websocket?token=}, registered
 * on the org's board (and the user's agent address), applying versioned deltas the way the web UI
 * does: an entity's newest version wins, a removal keeps its version as a tombstone.
 */
final class BoardSocket {
  /** What the socket holds for one (kind, key). */
  record Entry(long version, boolean removed, JsonObject data) {}

  final Map<String, Entry> board = new ConcurrentHashMap<>();
  final List<JsonObject> notices = new CopyOnWriteArrayList<>();
  final Promise<Short> closed = Promise.promise();
  /** Held for the socket's life: Vert.x closes a client that becomes unreachable (and its sockets with it). */
  private final WebSocketClient client;
  private final WebSocket ws;
  private final long pinger;
  private final Vertx vertx;

  BoardSocket(Vertx vertx, int port, String token, String orgId, String agentId) {
    this.vertx = vertx;
    client = vertx.createWebSocketClient();
    ws = client
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/eventbus/websocket?token=" + token))
        .timeout(10, TimeUnit.SECONDS).await();
    ws.handler(buffer -> frame(buffer.toJsonObject()));
    ws.closeHandler(v -> {
      System.out.println(LocalTime.now() + " board socket of " + agentId + " closed: "
          + ws.closeStatusCode() + " " + ws.closeReason());
      closed.tryComplete(ws.closeStatusCode());
    });
    register("board." + orgId, token);
    register("agent." + agentId, token);
    // The bridge closes a socket silent for 10 s; the JS client pings every 5 s.
    pinger = vertx.setPeriodic(4_000, id -> ws.writeTextMessage(new JsonObject().put("type", "ping").encode()));
  }

  private void register(String address, String token) {
    ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("token", token)).encode()).timeout(5, TimeUnit.SECONDS).await();
  }

  private void frame(JsonObject frame) {
    if (!"rec".equals(frame.getString("type"))) {
      return;
    }
    JsonObject body = frame.getJsonObject("body");
    if (frame.getString("address").startsWith("agent.")) {
      notices.add(body);
      return;
    }
    String id = body.getString("kind") + "/" + body.getString("key");
    Entry next = new Entry(body.getLong("version", 0L), "remove".equals(body.getString("op")),
        body.getJsonObject("data"));
    board.merge(id, next, (held, incoming) -> incoming.version() > held.version() ? incoming : held);
  }

  /** Loads a {@code GET /api/board} snapshot, as the web UI does on (re)connect; newer deltas still win. */
  void seed(JsonObject snapshot) {
    seed(snapshot.getJsonArray("calls"), "call", "callSid");
    seed(snapshot.getJsonArray("agents"), "agent", "agentId");
    seed(snapshot.getJsonArray("parked"), "parked", "parkedId");
  }

  private void seed(JsonArray items, String kind, String key) {
    items.forEach(o -> {
      JsonObject data = (JsonObject) o;
      Entry entry = new Entry(data.getLong("version", 0L), false, data);
      board.merge(kind + "/" + data.getString(key), entry,
          (held, incoming) -> incoming.version() > held.version() ? incoming : held);
    });
  }

  /** The live (not removed) entries of one kind, by key. */
  Map<String, JsonObject> live(String kind) {
    Map<String, JsonObject> live = new TreeMap<>();
    board.forEach((id, entry) -> {
      if (id.startsWith(kind + "/") && !entry.removed()) {
        live.put(id.substring(kind.length() + 1), entry.data());
      }
    });
    return live;
  }

  boolean isOpen() {
    return !closed.future().isComplete();
  }

  void close() {
    vertx.cancelTimer(pinger);
    if (isOpen()) {
      ws.close();
    }
    client.close();
  }
}
