package io.switchboard.bench;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.db.Database;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.presence.PresenceServiceModule;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Board fan-out: N dashboard clients on the bridge's raw SockJS WebSocket, subscribed to one org's
 * board, receive deltas published at a fixed rate; baseline: the same payloads written straight to
 * N plain Vert.x WebSockets on the same server. Both sets of clients stay connected throughout and
 * the two are measured in alternating order each round. {@code --baseline stock} compares with
 * Vert.x's own SockJS bridge ({@link StockBridge}, its clients on a board of their own) instead.
 *
 * <p>One JVM: the server (bridge + presence, its own Vert.x) and the clients (their own Vert.x and
 * event loops), so publish and receipt read the same {@code System.nanoTime()} clock. The clients'
 * CPU is spent on the same two cores either way; the baseline pays exactly the same client cost.
 */
public final class FanoutBench implements Bench {
  static final double P95_GOAL_MS = 25;
  static final double P99_GOAL_MS = 50;
  static final double RATIO_GOAL = 1.5;
  private static final String ORG = "bench-org";
  private static final long DRAIN_MS = 5_000;

  @Override
  public String name() {
    return "fanout";
  }

  /** One side of one round. */
  private record Phase(double p50, double p95, double p99, double max, long lost, long clientsWithGaps) {}

  private static final class Side {
    final Spread p50 = new Spread();
    final Spread p95 = new Spread();
    final Spread p99 = new Spread();
    final Spread max = new Spread();
    long lost;
    long clientsWithGaps;

    void add(Phase p) {
      p50.add(p.p50());
      p95.add(p.p95());
      p99.add(p.p99());
      max.add(p.max());
      lost += p.lost();
      clientsWithGaps += p.clientsWithGaps();
    }

    JsonObject toJson() {
      return new JsonObject().put("p50Ms", p50.toJson()).put("p95Ms", p95.toJson()).put("p99Ms", p99.toJson())
          .put("maxMs", max.toJson()).put("lost", lost).put("clientsWithGapsOrDisorder", clientsWithGaps);
    }

    String describe() {
      return String.format("p50 %.2f ms, p95 %.2f ms, p99 %s ms, max %.1f ms; lost %d, clients with gaps %d",
          p50.median(), p95.median(), p99.describe(), max.median(), lost, clientsWithGaps);
    }
  }

  @Override
  public JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    int clients = options.integer("clients", 1_000, 20);
    int agents = Math.min(clients, options.integer("agents", 100, 5));
    int rate = options.integer("rate", 64, 64);
    int seconds = options.integer("seconds", 30, 1);
    int rounds = options.integer("rounds", 3, 2);
    int warmupSeconds = options.integer("warmup", 5, 1);
    int perPhase = rate * seconds;
    boolean stock = "stock".equals(options.string("baseline", "plain"));
    String baseline = stock ? "stock Vert.x SockJS bridge" : "plain Vert.x WebSocket";
    out.printf("fanout: %d clients (%d agents of one org) on /eventbus/websocket vs %d on the %s;"
        + " %d deltas/s for %d s, %d rounds%n", clients, agents, clients, baseline, rate, seconds, rounds);

    try (BenchDatabase db = BenchDatabase.create("fanout")) {
      SwitchboardConfig config = db.config(Map.of());
      SwitchboardProcess server = SwitchboardProcess.start(config,
          List.of(new PresenceServiceModule(), new DashboardBridgeModule())).await();
      Vertx clientVertx = Vertx.vertx();
      try {
        Vertx serverVertx = server.vertx();
        Pool pool = Database.pool(serverVertx, config.database());
        DashboardTokens.seedOrg(pool, ORG, "+15550002222", agents);
        pool.close().await();
        DashboardTokens tokens = new DashboardTokens(clientVertx, BenchDatabase.JWT_SECRET);
        BoardClients bridgeClients = new BoardClients(clientVertx);
        BoardClients plainClients = new BoardClients(clientVertx);
        IntFunction<String> token = i -> tokens.token(DashboardTokens.agentId(i % agents), ORG);
        bridgeClients.connectBridge(server.httpPort(), clients, 50, Addresses.board(ORG), token);
        TimedPublisher publisher = new TimedPublisher(serverVertx, ORG);
        Consumer<Long> viaPlain;
        Runnable probeBase;
        if (stock) {
          StockBridge stockBridge = StockBridge.start(serverVertx).await();
          plainClients.connectBridge(stockBridge.port(), clients, 50, Addresses.board(StockBridge.ORG), token);
          TimedPublisher stockPublisher = new TimedPublisher(serverVertx, StockBridge.ORG);
          viaPlain = stockPublisher.viaEventBus();
          probeBase = () -> stockPublisher.probe(null);
        } else {
          PlainSockets plain = PlainSockets.start(serverVertx).await();
          plainClients.connectPlain(plain.port(), PlainSockets.PATH, clients, 50);
          viaPlain = publisher.viaPlainSockets(plain);
          probeBase = () -> publisher.probe(plain);
        }
        awaitSubscribed(bridgeClients, clients, () -> publisher.probe(null));
        awaitSubscribed(plainClients, clients, probeBase);
        out.printf("fanout: %d bridge clients and %d %s clients subscribed%n", clients, clients, baseline);

        long[] seq = {1};
        Consumer<Long> viaBridge = publisher.viaEventBus();
        // Warm-up: not recorded.
        measure(publisher, bridgeClients, viaBridge, seq, rate * warmupSeconds, rate);
        measure(publisher, plainClients, viaPlain, seq, rate * warmupSeconds, rate);

        Side ours = new Side();
        Side base = new Side();
        Spread ratio = new Spread();
        for (int round = 0; round < rounds; round++) {
          Phase o;
          Phase b;
          if (round % 2 == 0) {
            o = measure(publisher, bridgeClients, viaBridge, seq, perPhase, rate);
            b = measure(publisher, plainClients, viaPlain, seq, perPhase, rate);
          } else {
            b = measure(publisher, plainClients, viaPlain, seq, perPhase, rate);
            o = measure(publisher, bridgeClients, viaBridge, seq, perPhase, rate);
          }
          ours.add(o);
          base.add(b);
          ratio.add(o.p99() / b.p99());
          out.printf("fanout round %d: bridge p95 %.2f p99 %.2f ms (lost %d) vs %s p95 %.2f p99 %.2f ms (lost %d)%n",
              round + 1, o.p95(), o.p99(), o.lost(), stock ? "stock" : "plain", b.p95(), b.p99(), b.lost());
        }
        bridgeClients.closeAll();
        plainClients.closeAll();

        double p99Ratio = ours.p99.median() / base.p99.median();
        boolean complete = ours.lost == 0 && ours.clientsWithGaps == 0 && base.lost == 0 && base.clientsWithGaps == 0;
        boolean ok = complete && ours.p95.median() <= P95_GOAL_MS && ours.p99.median() <= P99_GOAL_MS
            && p99Ratio <= RATIO_GOAL;
        out.println("fanout (publish -> receipt at each client, medians of " + rounds + " rounds):");
        out.println("  bridge   " + ours.describe());
        out.println("  baseline " + base.describe());
        out.printf("  p99 ratio %.2f (goal <= %.1f), goals p95 <= %.0f ms and p99 <= %.0f ms, none lost: %s%n",
            p99Ratio, RATIO_GOAL, P95_GOAL_MS, P99_GOAL_MS, ClaimsBench.verdict(ok));
        return new JsonObject()
            .put("bench", name())
            .put("clients", clients).put("agents", agents).put("rate", rate).put("seconds", seconds)
            .put("rounds", rounds).put("deltasPerClientPerRound", perPhase)
            .put("transport", "SockJS raw WebSocket /eventbus/websocket, binary frames")
            .put("process", "one JVM: server Vert.x (bridge + presence) and client Vert.x")
            .mergeIn(ours.toJson())
            .put("baseline", base.toJson().put("transport", stock ? baseline : "plain Vert.x WebSocket, same envelope"))
            .put("ratio", Spread.round(p99Ratio))
            .put("ratioPerRound", ratio.toJson())
            .put("invariantsHeld", complete)
            .put("goals", new JsonObject().put("p95Ms", P95_GOAL_MS).put("p99Ms", P99_GOAL_MS).put("ratio", RATIO_GOAL))
            .put("ok", ok);
      } finally {
        clientVertx.close().await();
        server.stop();
      }
    }
  }

  /** Probes the board until every client has seen one (the registrations are in place), or fails. */
  static void awaitSubscribed(BoardClients clients, int expected, Runnable probe) throws InterruptedException {
    clients.resetProbes();
    long deadline = System.currentTimeMillis() + 120_000;
    while (clients.probed() < expected) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only " + clients.probed() + " of " + expected
            + " clients got a probe delta; " + clients.closedClients() + " were closed");
      }
      probe.run();
      Thread.sleep(200);
    }
  }

  /** Publishes {@code count} deltas at {@code rate}, waits for them to drain, and collects the figures. */
  private static Phase measure(TimedPublisher publisher, BoardClients clients, Consumer<Long> publish, long[] seq,
      int count, int rate) throws InterruptedException {
    long first = seq[0];
    seq[0] += count;
    clients.startMeasurement(first);
    publisher.run(first, count, rate, publish);
    long expected = (long) count * clients.size();
    long deadline = System.currentTimeMillis() + DRAIN_MS;
    while (clients.received() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Samples latency = clients.latency();
    return new Phase(latency.percentileMs(50), latency.percentileMs(95), latency.percentileMs(99), latency.maxMs(),
        expected - clients.received(), clients.clientsWithGaps());
  }
}
