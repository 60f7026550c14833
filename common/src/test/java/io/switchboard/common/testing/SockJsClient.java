package io.switchboard.common.testing;

import io.vertx.core.AsyncResult;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A SockJS client speaking each transport the way npm {@code sockjs-client} does (protocol 0.3.3):
 * session URL {@code <prefix>/<server>/<session>/<transport>} with the base URL's query kept on every
 * request, frames {@code o} (open), {@code h} (heartbeat), {@code a[...]} (messages), {@code c[code,reason]}
 * (close); outgoing messages batched as one JSON array per send, one send in flight at a time (so they
 * arrive in order), over the WebSocket itself or {@code xhr_send} / {@code jsonp_send}. Headers given at
 * open (a session cookie, as a browser sends it) go with every request. Callbacks run on an event loop.
 *
 * <p>Every operation runs on the client's own context, whichever thread calls it: Vert.x 5.0.10's
 * {@code HttpClient} occasionally never completes {@code response.body()} for a request started from a
 * plain thread on a pooled keep-alive connection (its HttpClientResponse body()/end() race, fixed in
 * 5.0.11; see {@link io.switchboard.common.http.OnContext}), and a request racing the client's
 * {@code close()} can be lost as well. So every request, the open and every send also has a deadline
 * ({@link #DEFAULT_ANSWER_TIMEOUT}): past it the operation fails with a {@link TimeoutException} naming
 * the transport, the step and the session, and whatever is still in flight when the session ends is
 * failed by the client itself rather than left to {@code HttpClient.close()}.
 */
public final class SockJsClient {
  /** The transports SockJS negotiates, by the name sockjs-client's {@code transports} option uses. */
  public enum Transport {
    WEBSOCKET("websocket"), XHR_STREAMING("xhr-streaming"), XHR_POLLING("xhr-polling"),
    EVENTSOURCE("eventsource"), JSONP("jsonp-polling");

    public final String clientName;

    Transport(String clientName) {
      this.clientName = clientName;
    }
  }

  /** How long an open, a send or a raw envelope may wait for its answer unless {@code open} is given another bound. */
  public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long a poll may wait: the server holds a poll until it has a frame for it or its heartbeat is due
   * (SockJS's default heartbeat is 25 s), so a poll is bounded by that plus the answer timeout.
   */
  private static final Duration HEARTBEAT = Duration.ofSeconds(25);

  private final Vertx vertx;
  /** Every callback and all state changes run here, one at a time. */
  private final Context context;
  private final Transport transport;
  /**
   * Polls and streams, each on a connection of its own (no keep-alive): the server closes a poll's or a
   * stream's connection once it ended the response, so a reused one would race that close (the next poll
   * written into a connection the server is closing failed with "Connection was closed" or "Connection
   * reset" and ended the session, which happened to most polling sessions under load).
   */
  private final HttpClient receiving;
  /** Sends, on connections of their own that stay open (so none races a poll connection's close). */
  private final HttpClient http;
  private final WebSocketClient wsClient;
  private final int port;
  private final String sessionPath;
  private final String query;
  private final Map<String, String> headers;
  private final long answerTimeoutMs;
  private final Promise<Void> opened = Promise.promise();
  private final Promise<JsonArray> closed = Promise.promise();
  private volatile Consumer<String> messageHandler = m -> {};
  private WebSocket ws;
  /** Messages waiting for the send in flight to finish (sockjs-client's BufferedSender). */
  private final List<String> outbox = new ArrayList<>();
  private boolean sending;
  private final List<Promise<Void>> outboxAcks = new ArrayList<>();
  /** Operations waiting for an answer: failed when the session ends, so none waits for HttpClient.close(). */
  private final Set<Promise<?>> inFlight = new HashSet<>();
  /** What broke the session, when a failure (not a close frame or close()) ended it. */
  private Throwable failure;

  private SockJsClient(Vertx vertx, Transport transport, int port, String prefix, String query,
      Map<String, String> headers, Duration answerTimeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.transport = transport;
    this.port = port;
    this.query = query == null || query.isEmpty() ? "" : "?" + query;
    this.headers = Map.copyOf(headers);
    this.answerTimeoutMs = answerTimeout.toMillis();
    this.http = vertx.createHttpClient();
    this.receiving = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    this.wsClient = transport == Transport.WEBSOCKET ? vertx.createWebSocketClient() : null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String server = String.format("%03d", random.nextInt(1000));
    StringBuilder session = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      session.append((char) ('a' + random.nextInt(26)));
    }
    this.sessionPath = prefix + "/" + server + "/" + session;
  }

  /**
   * Opens a session on {@code 127.0.0.1:port} under {@code prefix} (e.g. {@code /eventbus}), the base
   * URL's query being {@code query} (may be null). Completes once the open frame arrived; a session
   * the server closes at once completes too, then {@link #closed()} tells. Fails with a
   * {@link TimeoutException} when neither came within {@link #DEFAULT_ANSWER_TIMEOUT}.
   */
  public static Future<SockJsClient> open(Vertx vertx, int port, String prefix, Transport transport, String query,
      Map<String, String> headers) {
    return open(vertx, port, prefix, transport, query, headers, DEFAULT_ANSWER_TIMEOUT);
  }

  /** As {@link #open(Vertx, int, String, Transport, String, Map)}, each answer awaited at most {@code answerTimeout}. */
  public static Future<SockJsClient> open(Vertx vertx, int port, String prefix, Transport transport, String query,
      Map<String, String> headers, Duration answerTimeout) {
    SockJsClient client = new SockJsClient(vertx, transport, port, prefix, query, headers, answerTimeout);
    return client.onContext(() -> {
      client.connect();
      // Not failed by the session's end (bounded would): a session closed at once is an answer too,
      // unless it ended because a request of the opening got no answer.
      return client.deadline("open", client.answerTimeoutMs, Future.any(client.opened.future(), client.closed.future())
          .compose(v -> !client.opened.future().succeeded() && client.failure instanceof TimeoutException
              ? Future.failedFuture(client.failure) : Future.succeededFuture(client)));
    }).onFailure(t -> client.context.runOnContext(v -> client.broke(t)));
  }

  /** Each message the server sends (the payload of its {@code a} frames), in order. Set before traffic. */
  public SockJsClient messageHandler(Consumer<String> handler) {
    this.messageHandler = handler;
    return this;
  }

  /** Completes with the close frame's {@code [code, reason]} (or {@code [1006, ...]} when the connection broke). */
  public Future<JsonArray> closed() {
    return closed.future();
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public Transport transport() {
    return transport;
  }

  /** The session's URL path ({@code <prefix>/<server>/<session>}), for requests of a test's own. */
  public String sessionPath() {
    return sessionPath;
  }

  /**
   * Sends one SockJS message. Fails when the session is or becomes closed, when the server refused the
   * send, or (a {@link TimeoutException}) when the send got no answer in time.
   */
  public Future<Void> send(String message) {
    return onContext(() -> {
      if (isClosed()) {
        return Future.failedFuture("closed");
      }
      Promise<Void> ack = Promise.promise();
      outbox.add(message);
      outboxAcks.add(ack);
      flush();
      return ack.future();
    });
  }

  /**
   * Sends a raw body to the transport's send endpoint as is (a malformed envelope, for hardening); the
   * HTTP status it was answered with (200 on the WebSocket). Fails as {@link #send}.
   */
  public Future<Integer> sendRawEnvelope(String body) {
    return onContext(() -> {
      if (isClosed()) {
        return Future.failedFuture("closed");
      }
      if (transport == Transport.WEBSOCKET) {
        return bounded("websocket write (raw envelope)", answerTimeoutMs, ws.writeTextMessage(body).map(200));
      }
      boolean jsonp = transport == Transport.JSONP;
      return bounded(sendStep() + " (raw envelope)", answerTimeoutMs,
          post(sendUrl(), jsonp ? "application/x-www-form-urlencoded" : "text/plain",
              jsonp ? "d=" + URLEncoder.encode(body, StandardCharsets.UTF_8) : body)
              .compose(resp -> resp.body().map(b -> resp.statusCode())));
    });
  }

  /** Closes from the client side: the WebSocket closes; the other transports stop polling, as a browser would. */
  public Future<Void> close() {
    return onContext(() -> {
      finish(new JsonArray().add(1000).add("Normal closure"));
      return Future.succeededFuture();
    });
  }

  /** Runs {@code work} on the client's context, whichever thread calls (see the class comment). */
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /**
   * {@code work}, failed with a {@link TimeoutException} naming the transport, the step and the session
   * when it did not complete within {@code timeoutMs}, and failed when the session ends first. Call on
   * the client's context.
   */
  private <T> Future<T> bounded(String step, long timeoutMs, Future<T> work) {
    Promise<T> result = Promise.promise();
    inFlight.add(result);
    result.future().onComplete(ar -> inFlight.remove(result));
    deadline(step, timeoutMs, work).onComplete(ar -> complete(result, ar));
    return result.future();
  }

  /** {@code work}, failed with a {@link TimeoutException} when it did not complete within {@code timeoutMs}. */
  private <T> Future<T> deadline(String step, long timeoutMs, Future<T> work) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(new TimeoutException(
        transport.clientName + " " + step + " on " + sessionPath + ": no answer within " + timeoutMs + " ms")));
    result.future().onComplete(ar -> vertx.cancelTimer(timer));
    work.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        complete(result, ar);
      } else {
        context.runOnContext(v -> complete(result, ar));
      }
    });
    return result.future();
  }

  private static <T> void complete(Promise<T> promise, AsyncResult<T> ar) {
    if (ar.succeeded()) {
      promise.tryComplete(ar.result());
    } else {
      promise.tryFail(ar.cause());
    }
  }

  private void connect() {
    switch (transport) {
      case WEBSOCKET -> connectWebSocket();
      case XHR_POLLING -> poll("/xhr", HttpMethod.POST);
      case JSONP -> poll("/jsonp", HttpMethod.GET);
      case XHR_STREAMING -> stream("/xhr_streaming", HttpMethod.POST);
      case EVENTSOURCE -> stream("/eventsource", HttpMethod.GET);
    }
  }

  private void connectWebSocket() {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(sessionPath + "/websocket" + query);
    headers.forEach(options::addHeader);
    bounded("websocket connect", answerTimeoutMs, wsClient.connect(options)).onComplete(ar -> {
      if (ar.failed()) {
        broke(ar.cause());
        return;
      }
      ws = ar.result();
      ws.textMessageHandler(this::frame);
      ws.closeHandler(v -> finish(new JsonArray().add(1006).add("WebSocket closed")));
    });
  }

  /** One frame per request (xhr-polling, jsonp-polling), the next request as soon as the last answered. */
  private void poll(String suffix, HttpMethod method) {
    if (isClosed()) {
      return;
    }
    String uri = sessionPath + suffix + query + (transport != Transport.JSONP ? ""
        : (query.isEmpty() ? "?" : "&") + "c=_jp.a" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)));
    bounded("poll", HEARTBEAT.toMillis() + answerTimeoutMs, request(receiving, method, uri, null, null)
        .compose(resp -> resp.body().map(body -> {
      if (resp.statusCode() != 200) {
        finish(new JsonArray().add(1006).add("HTTP " + resp.statusCode()));
        return null;
      }
      String text = body.toString();
      if (transport == Transport.JSONP) {
        // /**/callback("frame");\r\n: the frame is a JSON string argument
        text = new JsonArray("[" + text.substring(text.indexOf('(') + 1, text.lastIndexOf(')')) + "]").getString(0);
      }
      for (String line : text.split("\n")) {
        if (!line.isEmpty()) {
          frame(line);
        }
      }
      poll(suffix, method);
      return null;
    }))).onFailure(this::broke);
  }

  /**
   * A streaming response of many frames (xhr-streaming: newline-separated after a 2 KB prelude of
   * {@code h}; eventsource: {@code data: } lines); the server ends it after 128 KB and the client
   * opens the next one.
   */
  private void stream(String suffix, HttpMethod method) {
    if (isClosed()) {
      return;
    }
    StringBuilder pending = new StringBuilder();
    bounded("stream", answerTimeoutMs, request(receiving, method, sessionPath + suffix + query, null, null)).onComplete(ar -> {
      if (ar.failed()) {
        broke(ar.cause());
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() != 200) {
        finish(new JsonArray().add(1006).add("HTTP " + resp.statusCode()));
        return;
      }
      resp.handler(chunk -> {
        pending.append(chunk.toString(StandardCharsets.UTF_8));
        String separator = transport == Transport.EVENTSOURCE ? "\r\n\r\n" : "\n";
        int end;
        while ((end = pending.indexOf(separator)) >= 0) {
          String line = pending.substring(0, end);
          pending.delete(0, end + separator.length());
          if (transport == Transport.EVENTSOURCE) {
            line = line.strip();
            if (!line.startsWith("data: ")) {
              continue; // the prelude
            }
            line = line.substring("data: ".length());
          } else if (!line.isEmpty() && line.chars().allMatch(c -> c == 'h') && line.length() > 1) {
            continue; // the 2 KB prelude
          }
          if (!line.isEmpty()) {
            frame(line);
          }
        }
      });
      resp.exceptionHandler(this::broke);
      resp.endHandler(v -> stream(suffix, method));
    });
  }

  private void frame(String frame) {
    if (isClosed()) {
      return;
    }
    switch (frame.charAt(0)) {
      case 'o' -> opened.tryComplete();
      case 'h' -> { }
      case 'a' -> new JsonArray(frame.substring(1)).forEach(m -> messageHandler.accept((String) m));
      case 'c' -> finish(new JsonArray(frame.substring(1)));
      default -> finish(new JsonArray().add(1006).add("unexpected frame " + frame));
    }
  }

  private String sendUrl() {
    return sessionPath + "/" + sendStep() + query;
  }

  private String sendStep() {
    return transport == Transport.JSONP ? "jsonp_send" : "xhr_send";
  }

  /** Sends everything queued as one array, unless a send is in flight (then after it). */
  private void flush() {
    if (sending || outbox.isEmpty() || isClosed()) {
      return;
    }
    String payload = new JsonArray(new ArrayList<Object>(outbox)).encode();
    List<Promise<Void>> acks = new ArrayList<>(outboxAcks);
    outbox.clear();
    outboxAcks.clear();
    sending = true;
    Future<Void> sent;
    if (transport == Transport.WEBSOCKET) {
      sent = ws == null ? Future.failedFuture("not open")
          : bounded("websocket write", answerTimeoutMs, ws.writeTextMessage(payload));
    } else {
      boolean jsonp = transport == Transport.JSONP;
      sent = bounded(sendStep(), answerTimeoutMs, post(sendUrl(), jsonp ? "application/x-www-form-urlencoded" : "text/plain",
          jsonp ? "d=" + URLEncoder.encode(payload, StandardCharsets.UTF_8) : payload)
          .compose(resp -> resp.body().compose(body -> resp.statusCode() == 204 || resp.statusCode() == 200
              ? Future.<Void>succeededFuture()
              : Future.<Void>failedFuture("send answered " + resp.statusCode() + " " + body))));
    }
    sent.onComplete(ar -> {
      sending = false;
      acks.forEach(a -> a.handle(ar));
      if (ar.failed() && transport != Transport.WEBSOCKET) {
        // sockjs-client closes the session when a send fails
        broke(ar.cause());
      }
      flush();
    });
  }

  private Future<HttpClientResponse> post(String uri, String contentType, String body) {
    return request(http, HttpMethod.POST, uri, contentType, body);
  }

  private Future<HttpClientResponse> request(HttpClient http, HttpMethod method, String uri, String contentType, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    headers.forEach(options::putHeader);
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
    }
    return http.request(options).compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)));
  }

  /** The session ends because {@code t} broke it (code 1006, as a browser reports a broken connection). */
  private void broke(Throwable t) {
    if (!isClosed()) {
      failure = t;
    }
    finish(new JsonArray().add(1006).add(String.valueOf(t)));
  }

  private void finish(JsonArray closeFrame) {
    if (closed.tryComplete(closeFrame)) {
      opened.tryFail("closed before open: " + closeFrame);
      outbox.clear();
      outboxAcks.forEach(a -> a.tryFail("closed"));
      outboxAcks.clear();
      // Failed here, not left to HttpClient.close(), which can lose a request racing it.
      new ArrayList<>(inFlight).forEach(p -> p.tryFail("closed: " + closeFrame));
      shutdown();
    }
  }

  private void shutdown() {
    if (ws != null && !ws.isClosed()) {
      ws.close();
    }
    if (wsClient != null) {
      wsClient.close();
    }
    receiving.close(); // aborts a poll in flight, as a browser leaving the page
    http.close();
  }
}
