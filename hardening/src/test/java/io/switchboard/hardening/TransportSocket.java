package io.switchboard.hardening;

import io.switchboard.common.http.OnContext;
import io.switchboard.common.testing.SockJsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A bridge client over any way in: the raw WebSocket ({@link BusSocket}) or one SockJS transport
 * (websocket, xhr-streaming, xhr-polling, eventsource, jsonp-polling), so the hostile-frame fuzz and
 * the authorization matrix hold for every transport a browser may fall back to.
 *
 * <p>No step waits forever: each one that gets no answer within {@link #STEP_TIMEOUT} fails with an
 * {@link AssertionError} naming the transport and the step (the SockJS client's own per-request
 * deadline, {@link SockJsClient#DEFAULT_ANSWER_TIMEOUT}, usually fires first and is reported the same
 * way), so a hang shows up as a readable test failure. The raw WebSocket's steps start on a Vert.x
 * context ({@link OnContext}), as the SockJS client's do.
 */
final class TransportSocket {
  static final String RAW = "raw-websocket";
  /** The longest any one step (open, a send, a close) may take. */
  static final Duration STEP_TIMEOUT = SockJsClient.DEFAULT_ANSWER_TIMEOUT.plusSeconds(5);

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
      return step(transport, "open", OnContext.run(vertx, () -> BusSocket.open(vertx, port, token)))
          .map(s -> new TransportSocket(transport, s, null, s.frames, vertx));
    }
    SockJsClient.Transport t = Arrays.stream(SockJsClient.Transport.values())
        .filter(x -> x.clientName.equals(transport)).findFirst().orElseThrow();
    List<String> frames = new CopyOnWriteArrayList<>();
    String query = token == null ? null : "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    return step(transport, "open", SockJsClient.open(vertx, port, "/eventbus", t, query, Map.of()))
        .map(c -> new TransportSocket(transport, null, c.messageHandler(frames::add), frames, vertx));
  }

  /**
   * {@code work} within {@link #STEP_TIMEOUT}; a step that got no answer (its own deadline or a
   * client's) fails with an {@link AssertionError} naming the transport and the step.
   */
  private static <T> Future<T> step(String transport, String step, Future<T> work) {
    return work.timeout(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).recover(t -> Future.failedFuture(
        t instanceof TimeoutException
            ? new AssertionError(transport + " socket: " + step + " got no answer (" + t.getMessage() + ")", t)
            : t));
  }

  private <T> Future<T> step(String step, Future<T> work) {
    return step(transport, step, work);
  }

  /** A raw-WebSocket step, started on a Vert.x context. */
  private <T> Future<T> rawStep(String step, Supplier<Future<T>> work) {
    return step(step, OnContext.run(vertx, work));
  }

  /** Whether a failed send is one a closed socket gives (taken silently), not a step that got no answer. */
  private static boolean noAnswer(Throwable t) {
    return t instanceof TimeoutException || t instanceof AssertionError;
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
    return send("register " + address, frame.encode());
  }

  /** Sends one bridge frame as it is (a closed socket takes it silently; no answer in time fails). */
  Future<Void> sendRaw(String text) {
    return send("send", text);
  }

  private Future<Void> send(String step, String text) {
    if (raw != null) {
      return rawStep(step, () -> raw.sendRaw(text));
    }
    return sockjs.isClosed() ? Future.succeededFuture()
        : step(step, sockjs.send(text).recover(t -> noAnswer(t) ? Future.failedFuture(t) : Future.succeededFuture()));
  }

  /**
   * Something that is not a frame at all: binary bytes on the raw WebSocket, an envelope that is not
   * SockJS's JSON array of strings on the other transports. Completes with the HTTP status where
   * there is one (SockJS answers a broken envelope 500 "Broken JSON encoding.", as its protocol says).
   */
  Future<Integer> sendMalformed() {
    if (raw != null) {
      return rawStep("malformed frame", () -> raw.sendBinary(new byte[] {0, 1, 2, 3, (byte) 0xff}).map(0));
    }
    return sockjs.isClosed() ? Future.succeededFuture(0)
        : step("malformed envelope", sockjs.sendRawEnvelope("[\"{\", 7, {")
            .recover(t -> noAnswer(t) ? Future.failedFuture(t) : Future.succeededFuture(0)));
  }

  /** The SockJS session's URL path (not for the raw WebSocket). */
  String sessionPath() {
    return sockjs.sessionPath();
  }

  boolean isClosed() {
    return raw != null ? raw.isClosed() : sockjs.isClosed();
  }

  /** How it closed: SockJS's close frame {@code [code, reason]} (1006: the client's own reason), or null while open. */
  String closeReason() {
    if (raw != null) {
      return raw.isClosed() ? "WebSocket closed" : null;
    }
    return sockjs.isClosed() ? String.valueOf(sockjs.closed().result()) : null;
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
    return raw != null ? rawStep("close", raw::close) : step("close", sockjs.close());
  }
}
