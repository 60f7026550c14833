package io.switchboard.bridge.live;

import io.switchboard.bridge.auth.AuthUser;
import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.RevokedSessions;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.contract.ConnectionReport;
import io.switchboard.common.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus bridge at {@code /eventbus} (SockJS for the handshake and every transport, the
 * Vert.x bridge protocol on top): outbound only, and only the caller's own {@code board.<orgId>}
 * and {@code agent.<agentId>}.
 *
 * <p>It speaks the protocol of the Vert.x SockJS bridge itself (same {@code rec} frames, pings,
 * {@code err} frames) so {@code @vertx/eventbus-bridge-client.js} works unchanged, but delivery goes
 * through {@link BoardFanout}: one consumer per address per node and one encode per message, instead
 * of a consumer, a deep copy and an encode per socket. Security: the socket opens only with a valid
 * JWT (cookie {@code sb_session} or a {@code token} query parameter); a register must name the
 * socket user's own board or agent address and carry a valid token of the same user in
 * {@code headers.token}; inbound send/publish is always refused; a socket is closed when its token
 * expires, its session logs out (on any node) or it stops pinging. Opened and closed sockets are
 * reported to presence.
 *
 * <p>Why not the stock {@code SockJSHandler.bridge} with {@code BridgeEvent} hooks: the hooks could
 * check the JWT and the addresses, but the stock bridge registers an event-bus consumer per socket
 * and address, and every message is copied and encoded once per socket, with a ping timer per
 * socket. On this 2-core machine ({@code ./switchboard bench fanout --baseline stock}, 1,000 board
 * clients, 64 deltas/s, 2026-12-02) the stock bridge delivered at p99 814 ms (p95 636 ms) where this
 * one delivers at p99 21.6 ms (p95 14.9 ms), the same clients in the same run; against plain
 * WebSockets this one is at 0.86 of their p99 ({@code bench fanout}). Idle, a stock socket holds
 * 52 KB of heap against 19.7 KB here ({@code bench memory --baseline stock}, 5,000 connections, the
 * first, clean round), and the stock bridge still held 221 MB 30 s after its 5,000 sockets closed.
 * So only SockJS itself is Vert.x's (the handshake and every transport, through the public
 * {@code SockJSHandler.socketHandler}); the bridge protocol on top is this class. BENCHMARKS.md has
 * the runs.
 */
public final class EventBusBridge {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);
  /** Where the session cookie's token is kept on the routing context before SockJS sees the request. */
  static final String COOKIE_TOKEN = "sb.cookieToken";
  /** As the Vert.x bridge: a client that has not pinged for this long is gone (the JS client pings every 5 s). */
  static final long PING_TIMEOUT_MS = 10_000;
  /** How often pings and token expiry are checked, for all sockets of the node at once. */
  private static final long SWEEP_MS = 1_000;
  /** The addresses the Vert.x bridge had permitted outbound; unregistering others is access_denied. */
  private static final Pattern OUTBOUND = Pattern.compile("(board|agent)\\..+");

  private final Vertx vertx;
  private final JwtIssuer jwt;
  private final long timeoutMs;
  private final long maxBodyBytes;
  private final Map<SockJSSocket, BridgeSocket> connections = new ConcurrentHashMap<>();
  private final BoardFanout fanout;
  /** Set on a graceful stop: no new sockets, so browsers reconnect to another node. */
  private volatile boolean draining;

  private EventBusBridge(Vertx vertx, JwtIssuer jwt, long timeoutMs, long maxBodyBytes, BoardFanout fanout) {
    this.vertx = vertx;
    this.jwt = jwt;
    this.timeoutMs = timeoutMs;
    this.maxBodyBytes = maxBodyBytes;
    this.fanout = fanout;
  }

  /** The bridge of this node, its fan-out's delivery context deployed; mount it on the router next. */
  public static Future<EventBusBridge> start(Vertx vertx, JwtIssuer jwt, RevokedSessions revoked, long timeoutMs,
      long maxBodyBytes) {
    // The fan-out closes slow sockets through the bridge, made once the fan-out is: no socket can be
    // slow before the bridge exists, as none is registered before it is mounted.
    AtomicReference<EventBusBridge> self = new AtomicReference<>();
    return BoardFanout.start(vertx, socket -> self.get().close(socket)).map(fanout -> {
      EventBusBridge bridge = new EventBusBridge(vertx, jwt, timeoutMs, maxBodyBytes, fanout);
      self.set(bridge);
      Metrics.gauge(Metrics.BRIDGE_CONNECTIONS, bridge.connections::size);
      vertx.setPeriodic(SWEEP_MS, id -> bridge.sweep());
      revoked.onRevoked(bridge::loggedOut);
      return bridge;
    });
  }

  /** A session logged out somewhere: its open dashboards here stop receiving at once. */
  private void loggedOut(String sessionId) {
    connections.values().forEach(socket -> {
      if (socket.user.sessionId().equals(sessionId)) {
        close(socket);
      }
    });
  }

  public void mount(Router router) {
    // SockJS strips the Cookie header from a session's request (SockJS does not trust cookies), so the
    // SockJS transports a browser uses would reach opened() without it: read the cookie first.
    router.route("/eventbus/*").handler(ctx -> {
      Cookie cookie = ctx.request().getCookie(JwtIssuer.SESSION_COOKIE);
      if (cookie != null && !cookie.getValue().isEmpty()) {
        ctx.put(COOKIE_TOKEN, cookie.getValue());
      }
      ctx.next();
    });
    // Every transport but the WebSocket ones sends its frames as POST bodies (xhr_send, jsonp_send),
    // which SockJS reads only when a BodyHandler ran first (else each send is answered 500/503). No
    // uploads directory: a frame is never a file.
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).socketHandler(this::opened));
  }

  /** Open sockets on this node (for tests and metrics). */
  int openSockets() {
    return connections.size();
  }

  /** Sockets registered for {@code address} on this node (tests). */
  int registered(String address) {
    return fanout.members(address);
  }

  private void opened(SockJSSocket socket) {
    if (draining) {
      socket.close();
      return;
    }
    // The socket's event-loop context: closes from other threads (sweep, fan-out, logout) run there.
    Context context = vertx.getOrCreateContext();
    // No pause() while the token is checked: pausing a raw SockJS socket this early breaks its handshake.
    jwt.verify(socketToken(socket)).onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("eventbus socket refused: {}", ar.cause().getMessage());
        socket.close();
        return;
      }
      AuthUser user = ar.result();
      long now = System.currentTimeMillis();
      if (draining || now >= user.expiresAt().toEpochMilli()) {
        socket.close();
        return;
      }
      BridgeSocket bridged = new BridgeSocket(socket, user, UUID.randomUUID().toString(), context, now);
      connections.put(socket, bridged);
      socket.closeHandler(v -> {
        bridged.markClosing(); // closed by the client: nothing more is written or registered
        closed(bridged);
      });
      socket.exceptionHandler(t -> LOG.debug("eventbus socket of {} failed: {}", user.id(), t.getMessage()));
      socket.handler(data -> received(bridged, data));
      report(Addresses.PRESENCE_CONNECTED, bridged);
    });
  }

  private void received(BridgeSocket socket, Buffer data) {
    JsonObject frame;
    try {
      frame = new JsonObject(data.toString());
    } catch (DecodeException | ClassCastException e) {
      replyError(socket, "invalid_json");
      return;
    }
    String type = frame.getValue("type") instanceof String t ? t : null;
    if (type == null) {
      replyError(socket, "missing_type");
      return;
    }
    if (type.equals("ping")) {
      socket.pinged(System.currentTimeMillis());
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : null;
    if (address == null) {
      replyError(socket, "missing_address");
      return;
    }
    switch (type) {
      case "register" -> register(socket, address, frame.getValue("headers"));
      case "unregister" -> unregister(socket, address);
      case "send", "publish" -> replyError(socket, "access_denied"); // the dashboard only listens
      default -> replyError(socket, "invalid_type");
    }
  }

  private void register(BridgeSocket socket, String address, Object headers) {
    String token = headers instanceof JsonObject h && h.getValue("token") instanceof String t ? t : null;
    if (!socket.mayReceive(address)) {
      replyError(socket, "access_denied");
      return;
    }
    jwt.verify(token).onComplete(ar -> {
      if (ar.succeeded() && ar.result().id().equals(socket.user.id())
          && ar.result().orgId().equals(socket.user.orgId()) && !socket.closing()) {
        fanout.join(address, socket);
      } else {
        replyError(socket, "access_denied");
      }
    });
  }

  private void unregister(BridgeSocket socket, String address) {
    if (OUTBOUND.matcher(address).matches()) {
      fanout.leave(address, socket);
    } else {
      replyError(socket, "access_denied");
    }
  }

  private static void replyError(BridgeSocket socket, String error) {
    socket.socket.write(new JsonObject().put("type", "err").put("body", error).toBuffer());
  }

  /** Pings and token expiry, for every socket of the node in one timer. */
  private void sweep() {
    long now = System.currentTimeMillis();
    connections.values().forEach(socket -> {
      if (socket.expiredAt(now) || socket.silentSince(now, PING_TIMEOUT_MS)) {
        close(socket);
      }
    });
  }

  /**
   * Closes a socket that expired, stopped pinging, stopped reading or is drained: it leaves the
   * fan-out and is reported to presence at once (a client that is not reading may never complete
   * the close handshake), then SockJS closes it on its own event loop.
   */
  private void close(BridgeSocket socket) {
    if (!socket.markClosing()) {
      return;
    }
    closed(socket);
    socket.context.runOnContext(v -> socket.socket.close());
  }

  private void closed(BridgeSocket socket) {
    fanout.leaveAll(socket);
    if (connections.remove(socket.socket, socket)) {
      report(Addresses.PRESENCE_DISCONNECTED, socket);
    }
  }

  private static String socketToken(SockJSSocket socket) {
    RoutingContext ctx = socket.routingContext();
    if (ctx == null) {
      return null;
    }
    String cookieToken = ctx.get(COOKIE_TOKEN);
    if (cookieToken != null) {
      return cookieToken;
    }
    // Non-browser clients on the raw WebSocket cannot set cookies easily: they pass ?token=.
    return ctx.queryParams().get("token");
  }

  private void report(String address, BridgeSocket socket) {
    AuthUser user = socket.user;
    ConnectionReport report = new ConnectionReport(user.id(), user.orgId(), socket.connectionId,
        ClusterSupport.nodeId(vertx));
    // Resent when no presence instance was reachable (one restarting, or its subscription not yet
    // known to this node): a lost report would leave the agent's socket unknown to presence.
    // Idempotent: a report is keyed by its connection id.
    Bus.requestRetrying(vertx, address, report.toJson(), timeoutMs, true)
        .onFailure(t -> LOG.warn("{} for {} not delivered: {}", address, user.id(), t.getMessage()));
  }

  /**
   * A graceful stop: refuses new sockets and closes every open one (SockJS close frame {@code
   * 3000 "Go away!"}, then the WebSocket close), so each browser reconnects to another bridge
   * node while this one finishes its HTTP requests. Each close is reported to presence as usual.
   */
  public Future<Void> drain() {
    draining = true;
    int open = connections.size();
    connections.values().forEach(this::close);
    if (open > 0) {
      LOG.info("closed {} eventbus socket(s) for shutdown", open);
    }
    return Future.succeededFuture();
  }
}
