package io.switchboard.bench;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.presence.PresenceServiceModule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bridge node in its own JVM, so its heap holds only the server side of the connections: the
 * dashboard-bridge and presence (as a node of {@code all} runs them) plus the plain-WebSocket
 * baseline server and Vert.x's stock SockJS bridge ({@link StockBridge}). Driven by line commands on
 * stdin, answers on stdout: {@code READY <bridgePort> <plainPort> <stockPort>}; {@code probe} /
 * {@code probe-plain} / {@code probe-stock} publish a probe delta to that side's clients;
 * {@code heap} collects garbage and answers {@code HEAP <usedBytes>}; {@code quit}.
 */
public final class BenchServer {
  static final String ORG = "bench-org";

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    PrintStream answers = System.out;
    System.setOut(System.err);
    String pgUrl = args[0];
    SwitchboardProcess server = SwitchboardProcess.start(ConfigLoader.load(BenchDatabase.settings(pgUrl), List.of()),
        List.of(new PresenceServiceModule(), new DashboardBridgeModule())).await();
    PlainSockets plain = PlainSockets.start(server.vertx()).await();
    StockBridge stock = StockBridge.start(server.vertx()).await();
    TimedPublisher publisher = new TimedPublisher(server.vertx(), ORG);
    TimedPublisher stockPublisher = new TimedPublisher(server.vertx(), StockBridge.ORG);
    answers.println("READY " + server.httpPort() + " " + plain.port() + " " + stock.port());
    answers.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !"quit".equals(line); line = in.readLine()) {
      switch (line) {
        case "probe" -> publisher.probe(null);
        case "probe-plain" -> publisher.probe(plain);
        case "probe-stock" -> stockPublisher.probe(null);
        case "heap" -> answers.println("HEAP " + usedHeapAfterGc());
        default -> answers.println("ERROR unknown command " + line);
      }
      answers.flush();
    }
    server.stop();
    System.exit(0);
  }

  /** Heap in use after full collections (twice: the first may only queue finalizable objects). */
  static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
