package io.switchboard.common.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy for fault tests: put it between a service and PostgreSQL (or any server),
 * then {@link #cut()} to drop every connection and refuse new ones, and {@link #restore()} to let
 * traffic through again. The real server keeps running for everyone else.
 */
public final class TcpProxy {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private NetServer server;
  private NetClient client;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  public Future<TcpProxy> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  public int port() {
    return server.actualPort();
  }

  private void accept(NetSocket inbound) {
    if (cut) {
      inbound.close();
      return;
    }
    inbound.pause();
    sockets.add(inbound);
    inbound.closeHandler(v -> sockets.remove(inbound));
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || cut) {
        inbound.close();
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      NetSocket outbound = ar.result();
      sockets.add(outbound);
      outbound.closeHandler(v -> {
        sockets.remove(outbound);
        inbound.close();
      });
      inbound.closeHandler(v -> {
        sockets.remove(inbound);
        outbound.close();
      });
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      inbound.resume();
    });
  }

  /** Drops every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
  }

  public void restore() {
    cut = false;
  }

  public Future<Void> close() {
    cut();
    return server.close().compose(v -> client.close());
  }
}
