package io.switchboard.bench;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentList;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.SetStatusRequest;
import io.switchboard.common.db.Database;
import io.switchboard.common.http.OnContext;
import io.switchboard.common.peers.Peers;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.presence.PresenceServiceModule;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A call end to end through telephony-sim: the sim's webhook reaches /twilio/voice, all agents'
 * simulated devices ring and their board clients (bridge WebSockets subscribed to the org's board)
 * show the call; one agent claims over the HTTP API and accepts on its device; the other rings
 * clear on the devices (the sim cancels them) and on every board (the call turns active).
 * Baseline, interleaved call by call: the same sim and server and as many devices (of their own),
 * but the number's webhook is a constant {@code <Dial>} with no Switchboard behind it, and the
 * winner only accepts.
 */
public final class RingBench implements Bench {
  static final double CLEAR_P99_GOAL_MS = 100;
  private static final String ORG = "bench-org";
  private static final String NUMBER = "+15550002222";
  private static final String BASELINE_NUMBER = "+15550003333";
  private static final Duration WITHIN = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "ring";
  }

  /** What each agent's board client and device have seen, by PSTN CallSid: when, in nanoTime. */
  private static final class AgentSide {
    final String id;
    final SimDevice device;
    final Map<String, Long> boardRinging = new ConcurrentHashMap<>();
    final Map<String, Long> boardCleared = new ConcurrentHashMap<>();
    final Map<String, Long> deviceRinging = new ConcurrentHashMap<>();
    final Map<String, Long> deviceCancelled = new ConcurrentHashMap<>();
    final Map<String, IncomingCall> rings = new ConcurrentHashMap<>();
    volatile boolean probed;
    WebSocket board;

    AgentSide(String id, SimDevice device) {
      this.id = id;
      this.device = device;
      device.onIncoming(ring -> {
        long now = System.nanoTime();
        rings.put(ring.parentCallSid(), ring);
        deviceRinging.put(ring.parentCallSid(), now);
        ring.awaitCancel(WITHIN).onSuccess(m -> deviceCancelled.put(ring.parentCallSid(), System.nanoTime()));
      });
    }

    void onBoardFrame(JsonObject envelope) {
      long now = System.nanoTime();
      JsonObject delta = envelope.getJsonObject("body");
      if (!"rec".equals(envelope.getString("type")) || delta == null || !"call".equals(delta.getString("kind"))) {
        return;
      }
      JsonObject call = delta.getJsonObject("data");
      if (call.getBoolean("probe", false)) {
        probed = true;
        return;
      }
      String status = call.getString("status");
      if ("ringing".equals(status)) {
        boardRinging.putIfAbsent(call.getString("callSid"), now);
      } else if ("active".equals(status)) {
        boardCleared.putIfAbsent(call.getString("callSid"), now);
      }
    }
  }

  @Override
  public JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    int calls = options.integer("calls", 500, 10);
    int agentCount = options.integer("agents", 10, 10);
    int warmup = options.integer("warmup", 20, 2);
    out.printf("ring: %d calls (and %d baseline calls, interleaved) through telephony-sim, %d agents with a sim"
        + " device and a board client each%n", calls, calls, agentCount);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    try (BenchDatabase db = BenchDatabase.create("ring")) {
      Vertx simVertx = Vertx.vertx();
      Vertx clientVertx = Vertx.vertx();
      TelephonySim sim = TelephonySim.start(simVertx, SimOptions.forTest(BenchDatabase.ACCOUNT_SID,
              BenchDatabase.AUTH_TOKEN, BenchDatabase.API_KEY, BenchDatabase.API_SECRET, 1.0)
          .withVoiceUrl(URI.create(base + "/twilio/voice"))
          .withStatusCallbackUrl(URI.create(base + "/twilio/call-status"))).await();
      List<String> agentIds = new ArrayList<>();
      for (int i = 0; i < agentCount; i++) {
        agentIds.add(DashboardTokens.agentId(i));
      }
      SwitchboardConfig config = db.config(Map.of("SWITCHBOARD_HTTP_PORT", String.valueOf(port),
          "SWITCHBOARD_PUBLIC_URL", base, "TWILIO_API_BASE_URL", sim.baseUrl()));
      SwitchboardProcess server = SwitchboardProcess.start(config, List.of(new ClaimServiceModule(),
          new PresenceServiceModule(), new VoiceWebhookModule(), new DashboardBridgeModule(),
          new ConstantDialModule(baselineIds(agentCount)))).await();
      try {
        sim.number(BASELINE_NUMBER).voiceUrl(URI.create(base + ConstantDialModule.PATH));
        Pool pool = Database.pool(server.vertx(), config.database());
        DashboardTokens.seedOrg(pool, ORG, NUMBER, agentCount);
        pool.close().await();
        DashboardTokens tokens = new DashboardTokens(clientVertx, BenchDatabase.JWT_SECRET);
        List<AgentSide> agents = new ArrayList<>();
        WebSocketClient ws = clientVertx.createWebSocketClient();
        for (String id : agentIds) {
          AgentSide side = new AgentSide(id, sim.device(id));
          String jwt = tokens.token(id, ORG);
          side.board = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI("/eventbus/websocket?token=" + jwt)).await();
          side.board.handler(frame -> side.onBoardFrame(new JsonObject(frame)));
          side.board.writeTextMessage(new JsonObject().put("type", "register").put("address", Addresses.board(ORG))
              .put("headers", new JsonObject().put("token", jwt)).encode());
          // The dashboard is open: the agent is connected (the bridge reported it) and sets itself available.
          Bus.request(server.vertx().eventBus(), Addresses.PRESENCE_SET_STATUS,
              new SetStatusRequest(id, AgentStatus.AVAILABLE, new Actor(id, ORG, Role.AGENT)).toJson()).await();
          agents.add(side);
        }
        // Every board subscription is in place (a probe delta reached it) and every agent is available.
        TimedPublisher probe = new TimedPublisher(server.vertx(), ORG);
        Runner.awaitTrue(() -> {
          probe.probe(null);
          return agents.stream().allMatch(a -> a.probed);
        }, "every board client subscribed");
        long pinger = clientVertx.setPeriodic(5_000, t -> agents.forEach(a -> a.board.writeTextMessage("{\"type\":\"ping\"}")));
        HttpClient http = clientVertx.createHttpClient();
        // The baseline rings devices of its own (as many), so a baseline call never holds an agent's device.
        List<AgentSide> baselineDevices = baselineIds(agentCount).stream().map(id -> new AgentSide(id, sim.device(id)))
            .toList();
        Runner runner = new Runner(sim, server, agents, baselineDevices, clientVertx, http, port, tokens, agentCount);
        runner.awaitAllAvailable();
        for (int i = 0; i < warmup; i++) {
          runner.ours(i);
          runner.baseline(i);
        }
        Samples ring = new Samples();
        Samples clear = new Samples();
        Samples clearBoard = new Samples();
        Samples clearDevices = new Samples();
        Samples baseRing = new Samples();
        Samples baseClear = new Samples();
        int lost = 0;
        for (int i = 0; i < calls; i++) {
          Runner.Figures o = runner.ours(warmup + i);
          Runner.Figures b = runner.baseline(warmup + i);
          ring.add(o.ringNanos());
          clear.add(o.clearNanos());
          clearBoard.add(o.boardClearNanos());
          clearDevices.add(o.deviceClearNanos());
          baseRing.add(b.ringNanos());
          baseClear.add(b.clearNanos());
          lost += o.claimLost() ? 1 : 0;
        }
        clientVertx.cancelTimer(pinger);
        double ratio = clear.percentileMs(99) / baseClear.percentileMs(99);
        boolean ok = lost == 0 && clear.percentileMs(99) <= CLEAR_P99_GOAL_MS;
        out.println("ring (" + calls + " calls each):");
        out.printf("  switchboard webhook-to-all-ringing p50 %.1f p99 %.1f ms; claim-to-all-cleared p50 %.1f p99 %.1f ms"
                + " (boards p99 %.1f, devices p99 %.1f)%n", ring.percentileMs(50), ring.percentileMs(99),
            clear.percentileMs(50), clear.percentileMs(99), clearBoard.percentileMs(99), clearDevices.percentileMs(99));
        out.printf("  baseline    webhook-to-all-ringing p50 %.1f p99 %.1f ms; accept-to-all-cancelled p50 %.1f p99 %.1f ms%n",
            baseRing.percentileMs(50), baseRing.percentileMs(99), baseClear.percentileMs(50), baseClear.percentileMs(99));
        out.printf("  p99 ratio %.2f; goal claim-to-all-cleared p99 <= %.0f ms: %s%n", ratio, CLEAR_P99_GOAL_MS,
            ClaimsBench.verdict(ok));
        return new JsonObject()
            .put("bench", name()).put("calls", calls).put("agents", agentCount)
            .put("process", "one JVM: server Vert.x (claims, presence, voice, bridge), telephony-sim's Vert.x,"
                + " clients' Vert.x")
            .put("webhookToAllRingingMs", figures(ring))
            .put("claimToAllClearedMs", figures(clear))
            .put("claimToAllBoardsClearedMs", figures(clearBoard))
            .put("claimToAllDevicesCancelledMs", figures(clearDevices))
            .put("claimsNotWon", lost)
            .put("baseline", new JsonObject().put("webhookToAllRingingMs", figures(baseRing))
                .put("acceptToAllCancelledMs", figures(baseClear)).put("endpoint", ConstantDialModule.PATH))
            .put("ratio", Spread.round(ratio))
            .put("invariantsHeld", lost == 0)
            .put("goalClearP99Ms", CLEAR_P99_GOAL_MS)
            .put("ok", ok);
      } finally {
        clientVertx.close().await();
        server.stop();
        sim.close().await();
        simVertx.close().await();
      }
    }
  }

  private static JsonObject figures(Samples s) {
    return new JsonObject().put("p50", Spread.round(s.percentileMs(50))).put("p99", Spread.round(s.percentileMs(99)))
        .put("max", Spread.round(s.maxMs())).put("count", s.size());
  }

  /** Places one call at a time and times it. */
  private static List<String> baselineIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("baseline-" + i);
    }
    return ids;
  }

  private record Runner(TelephonySim sim, SwitchboardProcess server, List<AgentSide> agents,
      List<AgentSide> baselineDevices, Vertx clientVertx, HttpClient http,
      int port, DashboardTokens tokens, int agentCount) {

    record Figures(long ringNanos, long clearNanos, long boardClearNanos, long deviceClearNanos, boolean claimLost) {}

    Figures ours(int n) throws InterruptedException {
      awaitAllAvailable();
      AgentSide next = agents.get(n % agents.size());
      long versionBefore = presenceVersion(next.id);
      long start = System.nanoTime();
      SimCall call = sim.inboundCall("+1555100" + String.format("%04d", n % 10_000), NUMBER).await();
      String sid = call.sid();
      awaitTrue(() -> agents.stream().allMatch(a -> a.deviceRinging.containsKey(sid) && a.boardRinging.containsKey(sid)),
          () -> "every device and board ringing for call " + n + " " + sid + "; devices not ringing: " + agents.stream()
              .filter(a -> !a.deviceRinging.containsKey(sid)).map(a -> a.id + (a.device.onCall() ? " (on a call)" : ""))
              .toList() + ", boards not ringing: "
              + agents.stream().filter(a -> !a.boardRinging.containsKey(sid)).map(a -> a.id).toList()
              + "; rung: " + rungAgents(sid) + "; sim events: " + call.events()
              + "; agents now: " + Bus.request(server.vertx().eventBus(), Addresses.BOARD_SNAPSHOT_AGENTS,
                  new BoardQuery(ORG).toJson()).await().encode());
      long rang = agents.stream().mapToLong(a -> Math.max(a.deviceRinging.get(sid), a.boardRinging.get(sid))).max()
          .orElseThrow();
      AgentSide winner = agents.get(n % agents.size());
      long claimed = System.nanoTime();
      int status = OnContext.run(clientVertx, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
              .setURI("/api/calls/" + sid + "/claim").putHeader("Authorization", "Bearer " + tokens.token(winner.id, ORG)))
          .compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode()))).await();
      IncomingCall won = winner.rings.get(sid);
      won.accept().await();
      List<AgentSide> losers = agents.stream().filter(a -> a != winner).toList();
      awaitTrue(() -> agents.stream().allMatch(a -> a.boardCleared.containsKey(sid))
          && losers.stream().allMatch(a -> a.deviceCancelled.containsKey(sid)), "every ring cleared for " + sid);
      long boards = agents.stream().mapToLong(a -> a.boardCleared.get(sid)).max().orElseThrow();
      long devices = losers.stream().mapToLong(a -> a.deviceCancelled.get(sid)).max().orElseThrow();
      // The winner's leg connects and then ends before the next call, or its device would answer busy.
      won.device().awaitMessage("connected", won.callSid(), WITHIN).await();
      call.hangUp().await();
      won.awaitDisconnect(WITHIN).await();
      // Presence applies call changes after the fact: wait until it has seen this call make the
      // winner busy and free again (two versions), or a stale "available" would pass for fresh.
      awaitTrue(() -> presenceVersion(winner.id) >= versionBefore + 2,
          () -> "presence to see " + winner.id + " busy and free again after " + sid);
      awaitAllAvailable();
      return new Figures(rang - start, Math.max(boards, devices) - claimed, boards - claimed, devices - claimed,
          status != 200);
    }

    Figures baseline(int n) throws InterruptedException {
      long start = System.nanoTime();
      SimCall call = sim.inboundCall("+1555200" + String.format("%04d", n % 10_000), BASELINE_NUMBER).await();
      String sid = call.sid();
      awaitTrue(() -> baselineDevices.stream().allMatch(a -> a.deviceRinging.containsKey(sid)), "every device ringing for " + sid);
      long rang = baselineDevices.stream().mapToLong(a -> a.deviceRinging.get(sid)).max().orElseThrow();
      AgentSide winner = baselineDevices.get(n % baselineDevices.size());
      long accepted = System.nanoTime();
      IncomingCall won = winner.rings.get(sid);
      won.accept().await();
      List<AgentSide> losers = baselineDevices.stream().filter(a -> a != winner).toList();
      awaitTrue(() -> losers.stream().allMatch(a -> a.deviceCancelled.containsKey(sid)), "every ring cancelled for " + sid);
      long devices = losers.stream().mapToLong(a -> a.deviceCancelled.get(sid)).max().orElseThrow();
      // The winner's leg connects and then ends before the next call, or its device would answer busy.
      won.device().awaitMessage("connected", won.callSid(), WITHIN).await();
      call.hangUp().await();
      won.awaitDisconnect(WITHIN).await();
      return new Figures(rang - start, devices - accepted, 0, devices - accepted, false);
    }

    /** The version of an agent's presence card (0 when presence does not know it yet). */
    long presenceVersion(String agentId) {
      JsonObject reply = Bus.request(server.vertx().eventBus(), Addresses.BOARD_SNAPSHOT_AGENTS,
          new BoardQuery(ORG).toJson()).await();
      return AgentList.fromJson(reply).agents().stream().filter(agent -> agentId.equals(agent.agentId()))
          .mapToLong(AgentView::version).findFirst().orElse(0);
    }

    /** What the claim-service recorded as rung for the call (for failure messages). */
    String rungAgents(String sid) {
      try {
        return Bus.request(server.vertx().eventBus(), Addresses.CALLS_GET,
            new CallLookup(sid, Actor.system(ORG)).toJson())
            .await().getJsonArray("rungAgents").encode();
      } catch (RuntimeException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }

    /** The winner of the last call is available again (wrap-up 0) before the next call rings. */
    void awaitAllAvailable() throws InterruptedException {
      List<?>[] last = {null};
      awaitTrue(() -> {
        last[0] = new Peers(server.vertx().eventBus()).availableAgents(ORG).await();
        return last[0].size() == agentCount;
      }, () -> "all agents available again; presence lists " + last[0]);
    }

    /** Polls (the timestamps were taken by the event handlers; this only waits for them). */
    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
      awaitTrue(condition, () -> what);
    }

    static void awaitTrue(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
      long deadline = System.currentTimeMillis() + WITHIN.toMillis();
      while (!condition.getAsBoolean()) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("timed out waiting for " + what.get());
        }
        Thread.sleep(1);
      }
    }
  }
}
