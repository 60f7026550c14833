package io.switchboard.hardening;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A non-browser client of the SockJS event-bus bridge on its raw WebSocket endpoint
 * ({@code /eventbus/websocket?token=..}): register frames out, every frame in recorded as it came.
 */
public final class BusSocket {
  private final WebSocketClient client;
  private final WebSocket socket;
  /** Every text frame received, in order. */
  public final List<String> frames = new CopyOnWriteArrayList<>();
  public final AtomicLong bytes = new AtomicLong();
  private volatile boolean closed;
  private long pinger = -1;
  private final Vertx vertx;

  private BusSocket(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // The bridge's raw WebSocket transport sends its frames as binary messages: take every frame.
    socket.handler(buffer -> {
      bytes.addAndGet(buffer.length());
      frames.add(buffer.toString());
    });
    socket.closeHandler(v -> closed = true);
  }

  /** Opens the socket with {@code ?token=} (null: none). Fails when the upgrade itself is refused. */
  public static Future<BusSocket> open(Vertx vertx, int port, String token) {
    WebSocketClient client = vertx.createWebSocketClient();
    String uri = "/eventbus/websocket" + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .map(ws -> new BusSocket(vertx, client, ws))
        .onFailure(t -> client.close());
  }

  /** Keeps the bridge's ping timeout from closing a long-lived socket. */
  public BusSocket keepAlive() {
    pinger = vertx.setPeriodic(4_000, id -> {
      if (!closed) {
        socket.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
    return this;
  }

  public Future<Void> register(String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      frame.put("headers", new JsonObject().put("token", token));
    }
    return sendRaw(frame.encode());
  }

  public Future<Void> sendRaw(String text) {
    return closed ? Future.succeededFuture() : socket.writeTextMessage(text).otherwiseEmpty();
  }

  public Future<Void> sendBinary(byte[] data) {
    return closed ? Future.succeededFuture()
        : socket.writeBinaryMessage(Buffer.buffer(data)).otherwiseEmpty();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Frames received so far that carry a message for {@code address}. */
  public List<JsonObject> messagesFor(String address) {
    return frames.stream().map(BusSocket::parse).filter(f -> f != null && "rec".equals(f.getString("type"))
        && address.equals(f.getString("address"))).toList();
  }

  /** Frames received so far that are messages ({@code rec}), for any address. */
  public List<JsonObject> messages() {
    return frames.stream().map(BusSocket::parse).filter(f -> f != null && "rec".equals(f.getString("type")))
        .toList();
  }

  static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public Future<Void> close() {
    if (pinger >= 0) {
      vertx.cancelTimer(pinger);
    }
    Future<Void> close = closed ? Future.succeededFuture() : socket.close().otherwiseEmpty();
    return close.eventually(client::close);
  }
}
