package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * N board clients on WebSockets: either the bridge's raw SockJS transport (register with
 * {@code headers.token}, ping every 5 s as the JS client does) or plain WebSockets (the baseline).
 * Each client checks the benchmark's deltas arrive in order, none missing, and records
 * publish-to-receipt latency from the send time embedded in the delta (same JVM clock).
 */
public final class BoardClients {
  /** The bench's deltas are calls keyed {@code bench-<n>} with version = sequence number. */
  static final String KEY_PREFIX = "bench-";
  private static final long PING_MS = 5_000;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<Client> clients = new ArrayList<>();
  private final AtomicLong probes = new AtomicLong();
  private volatile Samples latency = new Samples();
  private volatile long firstSeq;
  private long pinger = -1;

  /** One connection and what it has seen. */
  private final class Client {
    final WebSocket socket;
    final boolean sockjs;
    volatile long lastSeq;
    volatile long received;
    volatile long gapsOrDisorder;
    volatile boolean probed;

    Client(WebSocket socket, boolean sockjs) {
      this.socket = socket;
      this.sockjs = sockjs;
    }

    void onFrame(Buffer frame) {
      // Scans the frame for the few fields it needs instead of building a JsonObject: the clients
      // share the server's two cores, so a cheap client leaves more of them to what is measured.
      String text = frame.toString(StandardCharsets.UTF_8);
      if (sockjs && !text.startsWith("{\"type\":\"rec\"")) {
        return;
      }
      if (!text.contains("\"key\":\"" + KEY_PREFIX)) {
        return; // agent deltas from presence and the like
      }
      long now = System.nanoTime();
      if (text.contains("\"probe\":true")) {
        if (!probed) {
          probed = true;
          probes.incrementAndGet();
        }
        return;
      }
      long seq = numberAfter(text, "\"version\":");
      if (seq < firstSeq) {
        return; // from an earlier measurement
      }
      if (seq != (lastSeq == 0 ? firstSeq : lastSeq + 1)) {
        gapsOrDisorder++;
      }
      lastSeq = seq;
      received++;
      latency.add(now - numberAfter(text, "\"sentNanos\":"));
    }
  }

  /** The integer after the last occurrence of {@code field} (a delta and its call card carry the same version). */
  static long numberAfter(String text, String field) {
    int at = text.lastIndexOf(field);
    if (at < 0) {
      throw new IllegalStateException("no " + field + " in " + text);
    }
    int i = at + field.length();
    boolean negative = text.charAt(i) == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      value = value * 10 + (text.charAt(i++) - '0');
    }
    return negative ? -value : value;
  }

  public BoardClients(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(100_000).setConnectTimeout(30_000));
  }

  /**
   * Opens {@code n} clients on the bridge's raw WebSocket transport, each with its own token, and
   * registers each on {@code address}; at most {@code parallel} handshakes at once.
   */
  public void connectBridge(int port, int n, int parallel, String address, IntFunction<String> token) {
    // Ping from the start: the bridge closes a socket silent for 10 s, and connecting thousands takes longer.
    startPinging();
    connect(n, parallel, i -> {
      String jwt = token.apply(i);
      return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI("/eventbus/websocket?token=" + jwt))
          .map(ws -> {
            Client c = new Client(ws, true);
            ws.handler(c::onFrame);
            ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
                .put("headers", new JsonObject().put("token", jwt)).encode());
            synchronized (clients) {
              clients.add(c);
            }
            return c;
          });
    });
  }

  private synchronized void startPinging() {
    if (pinger >= 0) {
      return;
    }
    pinger = vertx.setPeriodic(PING_MS, id -> {
      String ping = new JsonObject().put("type", "ping").encode();
      for (Client c : snapshot()) {
        if (c.sockjs && !c.socket.isClosed()) {
          c.socket.writeTextMessage(ping);
        }
      }
    });
  }

  /** Opens {@code n} plain WebSockets on {@code uri} (the baseline: no protocol, no registration). */
  public void connectPlain(int port, String uri, int n, int parallel) {
    connect(n, parallel, i -> client.connect(port, "127.0.0.1", uri).map(ws -> {
      Client c = new Client(ws, false);
      ws.handler(c::onFrame);
      synchronized (clients) {
        clients.add(c);
      }
      return c;
    }));
  }

  private void connect(int n, int parallel, IntFunction<Future<Client>> open) {
    ClosedLoop.run(vertx, n, parallel, open::apply);
  }

  private List<Client> snapshot() {
    synchronized (clients) {
      return new ArrayList<>(clients);
    }
  }

  public int size() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** How many clients have seen at least one probe delta since {@link #resetProbes()}. */
  public long probed() {
    return probes.get();
  }

  public void resetProbes() {
    for (Client c : snapshot()) {
      c.probed = false;
    }
    probes.set(0);
  }

  /** Starts a measurement whose deltas are numbered from {@code firstSeq}. */
  public void startMeasurement(long firstSeq) {
    for (Client c : snapshot()) {
      c.lastSeq = 0;
      c.received = 0;
      c.gapsOrDisorder = 0;
    }
    this.firstSeq = firstSeq;
    this.latency = new Samples();
  }

  public Samples latency() {
    return latency;
  }

  /** Deltas received over all clients in this measurement. */
  public long received() {
    return snapshot().stream().mapToLong(c -> c.received).sum();
  }

  /** Clients that saw a gap or a delta out of order. */
  public long clientsWithGaps() {
    return snapshot().stream().filter(c -> c.gapsOrDisorder > 0).count();
  }

  /** Clients that did not receive every one of {@code expected} deltas. */
  public long clientsMissing(long expected) {
    return snapshot().stream().filter(c -> c.received != expected).count();
  }

  public long closedClients() {
    return snapshot().stream().filter(c -> c.socket.isClosed()).count();
  }

  /** Closes every client and waits for the closes. */
  public synchronized void closeAll() {
    if (pinger >= 0) {
      vertx.cancelTimer(pinger);
      pinger = -1;
    }
    List<Client> all = snapshot();
    synchronized (clients) {
      clients.clear();
    }
    Future.join(all.stream().map(c -> c.socket.close()).toList()).otherwiseEmpty().await();
  }
}
