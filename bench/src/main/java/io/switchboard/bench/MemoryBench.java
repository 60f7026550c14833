package io.switchboard.bench;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.db.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.Map;

/**
 * Idle dashboard connections on one bridge node: heap per connection after GC, measured in the
 * server's own JVM ({@link BenchServer}; the clients live in this JVM, so their side is not
 * counted). Baseline: plain Vert.x WebSockets on the same server process, measured in the same rounds;
 * {@code --baseline stock} compares with Vert.x's own SockJS bridge ({@link StockBridge}) instead.
 */
public final class MemoryBench implements Bench {
  static final double GOAL_KB = 30;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    int connections = options.integer("connections", 5_000, 50);
    int agents = Math.min(connections, options.integer("agents", 50, 5));
    int rounds = options.integer("rounds", 3, 2);
    boolean stock = "stock".equals(options.string("baseline", "plain"));
    String baseline = stock ? "stock Vert.x SockJS bridge" : "plain Vert.x WebSocket";
    out.printf("memory: %d idle bridge connections (%d agents of one org, pinging every 5 s) vs %d on the %s,"
        + " on one bridge node in its own JVM; %d rounds%n", connections, agents, connections, baseline, rounds);
    try (BenchDatabase db = BenchDatabase.create("memory");
        ServerProcess server = ServerProcess.start(db.url(), "2g")) {
      Vertx clientVertx = Vertx.vertx();
      try {
        Pool pool = Database.pool(clientVertx, db.config(Map.of()).database());
        DashboardTokens.seedOrg(pool, BenchServer.ORG, "+15550002222", agents);
        pool.close().await();
        DashboardTokens tokens = new DashboardTokens(clientVertx, BenchDatabase.JWT_SECRET);

        // Warm-up: load and JIT the connection paths on both servers.
        Side ours = Side.BRIDGE;
        Side base = stock ? Side.STOCK : Side.PLAIN;
        connectAndAwait(server, clientVertx, tokens, ours, Math.min(200, connections), agents).closeAll();
        connectAndAwait(server, clientVertx, tokens, base, Math.min(200, connections), agents).closeAll();

        Spread bridgeKb = new Spread();
        Spread plainKb = new Spread();
        Spread ratio = new Spread();
        long idleHeap = server.heapAfterGc();
        for (int round = 0; round < rounds; round++) {
          boolean bridgeFirst = round % 2 == 0;
          long before = settled(server, idleHeap, out);
          BoardClients first = connectAndAwait(server, clientVertx, tokens, bridgeFirst ? ours : base,
              connections, agents);
          long middle = server.heapAfterGc();
          BoardClients second = connectAndAwait(server, clientVertx, tokens, bridgeFirst ? base : ours,
              connections, agents);
          long after = server.heapAfterGc();
          double firstKb = (middle - before) / 1024.0 / connections;
          double secondKb = (after - middle) / 1024.0 / connections;
          double bridge = bridgeFirst ? firstKb : secondKb;
          double plain = bridgeFirst ? secondKb : firstKb;
          bridgeKb.add(bridge);
          plainKb.add(plain);
          ratio.add(bridge / plain);
          out.printf("memory round %d: bridge %.1f KB/connection, %s %.1f KB/connection (heap %d -> %d -> %d MB)%n",
              round + 1, bridge, base.label, plain, before >> 20, middle >> 20, after >> 20);
          first.closeAll();
          second.closeAll();
        }
        double perConnection = bridgeKb.median();
        double r = perConnection / plainKb.median();
        boolean ok = perConnection <= GOAL_KB;
        out.println("memory (server heap after GC, per idle connection):");
        out.println("  bridge   " + bridgeKb.describe() + " KB");
        out.println("  baseline " + plainKb.describe() + " KB");
        out.printf("  ratio %.2f; goal <= %.0f KB per connection: %s%n", r, GOAL_KB, ClaimsBench.verdict(ok));
        return new JsonObject()
            .put("bench", name())
            .put("connections", connections).put("agents", agents).put("rounds", rounds)
            .put("process", "server (bridge + presence + baselines) in its own JVM, clients in this JVM")
            .put("heapPerConnectionKb", bridgeKb.toJson())
            .put("baseline", new JsonObject().put("heapPerConnectionKb", plainKb.toJson())
                .put("transport", baseline))
            .put("ratio", Spread.round(r))
            .put("ratioPerRound", ratio.toJson())
            .put("goalKb", GOAL_KB)
            .put("ok", ok);
      } finally {
        clientVertx.close().await();
      }
    }
  }

  /**
   * The server's heap once the previous round's closed connections are gone: a SockJS bridge may
   * hold a closed socket's session a while, and a round that starts before that would count it as
   * freed memory of its own. Waits up to 30 s for the heap to come back near its idle size.
   */
  private static long settled(ServerProcess server, long idleHeap, PrintStream out) throws Exception {
    long heap = server.heapAfterGc();
    long deadline = System.currentTimeMillis() + 30_000;
    while (heap > idleHeap + idleHeap / 4 + (8 << 20) && System.currentTimeMillis() < deadline) {
      Thread.sleep(1_000);
      heap = server.heapAfterGc();
    }
    if (heap > idleHeap + idleHeap / 4 + (8 << 20)) {
      out.printf("memory: the server still holds %d MB more than when idle; this round starts anyway%n",
          (heap - idleHeap) >> 20);
    }
    return heap;
  }

  /** Who the clients connect to: the bridge, or one of the baselines. */
  private enum Side {
    BRIDGE("bridge"), PLAIN("plain"), STOCK("stock");

    final String label;

    Side(String label) {
      this.label = label;
    }
  }

  private static BoardClients connectAndAwait(ServerProcess server, Vertx vertx, DashboardTokens tokens,
      Side side, int n, int agents) throws InterruptedException {
    BoardClients clients = new BoardClients(vertx);
    switch (side) {
      case BRIDGE -> clients.connectBridge(server.bridgePort, n, 50, Addresses.board(BenchServer.ORG),
          i -> tokens.token(DashboardTokens.agentId(i % agents), BenchServer.ORG));
      case STOCK -> clients.connectBridge(server.stockPort, n, 50, Addresses.board(StockBridge.ORG),
          i -> tokens.token(DashboardTokens.agentId(i % agents), BenchServer.ORG));
      case PLAIN -> clients.connectPlain(server.plainPort, PlainSockets.PATH, n, 50);
    }
    String probe = switch (side) {
      case BRIDGE -> "probe";
      case PLAIN -> "probe-plain";
      case STOCK -> "probe-stock";
    };
    FanoutBench.awaitSubscribed(clients, n, () -> server.probe(probe));
    return clients;
  }
}
