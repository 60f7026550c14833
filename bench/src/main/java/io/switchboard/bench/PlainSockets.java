package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-out baseline: plain Vert.x WebSockets on their own HTTP server, each frame written
 * straight to every socket. No bridge, no event bus, no per-socket encoding: the machine's limit.
 */
public final class PlainSockets {
  public static final String PATH = "/plain";
  private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
  private HttpServer server;

  public static Future<PlainSockets> start(Vertx vertx) {
    PlainSockets plain = new PlainSockets();
    return vertx.createHttpServer()
        .webSocketHandler(ws -> {
          if (!PATH.equals(ws.path())) {
            ws.close((short) 1008);
            return;
          }
          plain.sockets.add(ws);
          ws.closeHandler(v -> plain.sockets.remove(ws));
        })
        .listen(0, "127.0.0.1")
        .map(server -> {
          plain.server = server;
          return plain;
        });
  }

  public int port() {
    return server.actualPort();
  }

  public int open() {
    return sockets.size();
  }

  /** Writes {@code frame} as one binary frame to every socket (as the SockJS raw transport does). */
  public void writeToAll(Buffer frame) {
    for (ServerWebSocket ws : sockets) {
      ws.writeBinaryMessage(frame);
    }
  }
}
