package io.switchboard.bridge;

import io.switchboard.common.metrics.Metrics;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.contract.ConnectionReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at {@code /eventbus}: outbound only, and only the caller's own
 * {@code board.<orgId>} and {@code agent.<agentId>}.
 *
 * <p>The permitted regexes admit every board and agent address; this handler narrows them to the
 * socket's own user: the socket opens only with a valid JWT (cookie {@code sb_session} or a
 * {@code token} query parameter), every register must carry a valid token of the same user in
 * {@code headers.token}, inbound send/publish is always refused, every outgoing message is checked
 * against the socket's user once more, and the socket is closed when its token expires. Opened and
 * closed sockets are reported to presence.
 */
final class EventBusBridge {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);
  /** Never matches a permitted regex: a refused register is rewritten to it, so the bridge answers access_denied. */
  static final String DENIED_ADDRESS = "denied";
  /** Where the session cookie's token is kept on the routing context before SockJS sees the request. */
  static final String COOKIE_TOKEN = "sb.cookieToken";

  private final Vertx vertx;
  private final JwtIssuer jwt;
  private final long timeoutMs;
  private final Map<SockJSSocket, Connection> connections = new ConcurrentHashMap<>();
  /** Set on a graceful stop: no new sockets, so browsers reconnect to another node. */
  private volatile boolean draining;

  /** One open socket: who it is for, its id for presence, and its expiry timer. */
  private record Connection(AuthUser user, String connectionId, long expiryTimer) {
    boolean mayReceive(String address) {
      return Addresses.board(user.orgId()).equals(address) || Addresses.agent(user.id()).equals(address);
    }
  }

  EventBusBridge(Vertx vertx, JwtIssuer jwt, long timeoutMs) {
    this.vertx = vertx;
    this.jwt = jwt;
    this.timeoutMs = timeoutMs;
    Metrics.gauge(Metrics.BRIDGE_CONNECTIONS, connections::size);
  }

  void mount(Router router) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("board\\..+"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("agent\\..+"));
    // SockJS strips the Cookie header from a session's request (SockJS does not trust cookies), so the
    // SockJS transports a browser uses would reach opened() without it: read the cookie first.
    router.route("/eventbus/*").handler(ctx -> {
      Cookie cookie = ctx.request().getCookie(LoginHandler.COOKIE);
      if (cookie != null && !cookie.getValue().isEmpty()) {
        ctx.put(COOKIE_TOKEN, cookie.getValue());
      }
      ctx.next();
    });
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(options, this::handle));
  }

  /** Open sockets on this node (for tests and metrics). */
  int openSockets() {
    return connections.size();
  }

  private void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> opened(event);
      case SOCKET_CLOSED -> closed(event);
      case REGISTER -> register(event);
      case RECEIVE -> event.complete(mayReceive(event));
      case SEND, PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private void opened(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    if (draining) {
      event.complete(false);
      return;
    }
    jwt.verify(socketToken(socket)).onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("eventbus socket refused: {}", ar.cause().getMessage());
        event.complete(false); // the bridge closes the socket
        return;
      }
      AuthUser user = ar.result();
      long untilExpiry = Math.max(1, user.expiresAt().toEpochMilli() - Instant.now().toEpochMilli());
      long timer = vertx.setTimer(untilExpiry, id -> socket.close());
      Connection connection = new Connection(user, UUID.randomUUID().toString(), timer);
      connections.put(socket, connection);
      event.complete(true);
      report(Addresses.PRESENCE_CONNECTED, connection);
    });
  }

  private void closed(BridgeEvent event) {
    Connection connection = connections.remove(event.socket());
    if (connection != null) {
      vertx.cancelTimer(connection.expiryTimer());
      report(Addresses.PRESENCE_DISCONNECTED, connection);
    }
    event.complete(true);
  }

  private void register(BridgeEvent event) {
    Connection connection = connections.get(event.socket());
    JsonObject message = event.getRawMessage();
    String address = message.getString("address");
    JsonObject headers = message.getJsonObject("headers");
    String token = headers == null ? null : headers.getString("token");
    if (connection == null || address == null || !connection.mayReceive(address)) {
      deny(event);
      return;
    }
    jwt.verify(token).onComplete(ar -> {
      if (ar.succeeded() && ar.result().id().equals(connection.user().id())
          && ar.result().orgId().equals(connection.user().orgId())) {
        event.complete(true);
      } else {
        deny(event);
      }
    });
  }

  /**
   * Refuses a register with the protocol's own {@code {"type":"err","body":"access_denied"}}: the
   * address is rewritten to one no permitted regex matches, so the bridge registers nothing and
   * answers access_denied (completing with false would answer the less telling "rejected").
   */
  private static void deny(BridgeEvent event) {
    event.setRawMessage(event.getRawMessage().copy().put("address", DENIED_ADDRESS));
    event.complete(true);
  }

  /** The last line: nothing leaves for an address this socket's user may not see. */
  private boolean mayReceive(BridgeEvent event) {
    Connection connection = connections.get(event.socket());
    JsonObject message = event.getRawMessage();
    return connection != null && message != null && connection.mayReceive(message.getString("address"))
        && Instant.now().isBefore(connection.user().expiresAt());
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

  private void report(String address, Connection connection) {
    AuthUser user = connection.user();
    ConnectionReport report = new ConnectionReport(user.id(), user.orgId(), connection.connectionId(),
        ClusterSupport.nodeId(vertx));
    Bus.request(vertx.eventBus(), address, report.toJson(), timeoutMs)
        .onFailure(t -> LOG.warn("{} for {} not delivered: {}", address, user.id(), t.getMessage()));
  }

  /**
   * A graceful stop: refuses new sockets and closes every open one (SockJS close frame {@code
   * 3000 "Go away!"}, then the WebSocket close), so each browser reconnects to another bridge
   * node while this one finishes its HTTP requests. Each close is reported to presence as usual.
   */
  Future<Void> drain() {
    draining = true;
    int open = connections.size();
    connections.keySet().forEach(SockJSSocket::close);
    if (open > 0) {
      LOG.info("closed {} eventbus socket(s) for shutdown", open);
    }
    return Future.succeededFuture();
  }
}
