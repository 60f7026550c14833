package io.switchboard.hardening;

import io.switchboard.common.testing.SockJsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bridge client over any way in: the raw WebSocket ({@link BusSocket}) or one SockJS transport
 * (websocket, xhr-streaming, xhr-polling, eventsource, jsonp-polling), so the hostile-frame fuzz and
 * the authorization matrix hold for every transport a browser may fall back to.
 */
final class TransportSocket {
  static final String RAW = "raw-websocket";

  /** Every way a client reaches the bridge. */
  static List<String> transports() {
    List<String> all = new ArrayList<>(List.of(RAW));
    for (SockJsClient.Transport t : SockJsClient.Transport.values()) {
      all.add(t.clientName);
    }
    return all;
  }

  final String transport;
  /** Every bridge frame received, in order. */
  final List<String> frames;
  private final BusSocket raw;
  private final SockJsClient sockjs;
  private final Vertx vertx;
  private long pinger = -1;

  private TransportSocket(String transport, BusSocket raw, SockJsClient sockjs, List<String> frames, Vertx vertx) {
    this.transport = transport;
    this.raw = raw;
    this.sockjs = sockjs;
    this.frames = frames;
    this.vertx = vertx;
  }

  /** Opens with {@code ?token=} (null: none). Fails when the connection itself is refused. */
  static Future<TransportSocket> open(Vertx vertx, int port, String transport, String token) {
    if (RAW.equals(transport)) {
      return BusSocket.open(vertx, port, token).map(s -> new TransportSocket(transport, s, null, s.frames, vertx));
    }
    SockJsClient.Transport t = java.util.Arrays.stream(SockJsClient.Transport.values())
        .filter(x -> x.clientName.equals(transport)).findFirst().orElseThrow();
    List<String> frames = new CopyOnWriteArrayList<>();
    String query = token == null ? null : "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    return SockJsClient.open(vertx, port, "/eventbus", t, query, java.util.Map.of())
        .map(c -> new TransportSocket(transport, null, c.messageHandler(frames::add), frames, vertx));
  }

  /** Keeps the bridge's ping timeout from closing a long-lived socket. */
  TransportSocket keepAlive() {
    if (raw != null) {
      raw.keepAlive();
    } else {
      pinger = vertx.setPeriodic(4_000, id -> sendRaw("{\"type\":\"ping\"}"));
    }
    return this;
  }

  Future<Void> register(String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      frame.put("headers", new JsonObject().put("token", token));
    }
    return sendRaw(frame.encode());
  }

  /** Sends one bridge frame as it is (a closed socket takes it silently). */
  Future<Void> sendRaw(String text) {
    if (raw != null) {
      return raw.sendRaw(text);
    }
    return sockjs.isClosed() ? Future.succeededFuture() : sockjs.send(text).otherwiseEmpty();
  }

  /**
   * Something that is not a frame at all: binary bytes on the raw WebSocket, an envelope that is not
   * SockJS's JSON array of strings on the other transports. Completes with the HTTP status where
   * there is one (SockJS answers a broken envelope 500 "Broken JSON encoding.", as its protocol says).
   */
  Future<Integer> sendMalformed() {
    if (raw != null) {
      return raw.sendBinary(new byte[] {0, 1, 2, 3, (byte) 0xff}).map(0);
    }
    return sockjs.isClosed() ? Future.succeededFuture(0) : sockjs.sendRawEnvelope("[\"{\", 7, {").otherwise(0);
  }

  boolean isClosed() {
    return raw != null ? raw.isClosed() : sockjs.isClosed();
  }

  List<JsonObject> messagesFor(String address) {
    return messages().stream().filter(f -> address.equals(f.getString("address"))).toList();
  }

  /** Frames received so far that are messages ({@code rec}), for any address. */
  List<JsonObject> messages() {
    return frames.stream().map(BusSocket::parse).filter(f -> f != null && "rec".equals(f.getString("type")))
        .toList();
  }

  Future<Void> close() {
    if (pinger >= 0) {
      vertx.cancelTimer(pinger);
    }
    return raw != null ? raw.close() : sockjs.close();
  }
}
