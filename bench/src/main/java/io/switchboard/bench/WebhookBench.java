package io.switchboard.bench;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.ConnectionReport;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.SetStatusRequest;
import io.switchboard.common.db.Database;
import io.switchboard.common.peers.Peers;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.launcher.SwitchboardProcess;
import io.switchboard.presence.PresenceServiceModule;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /twilio/voice} with valid signatures against the real voice-webhook, claim, presence
 * and directory services on one process and a fresh database; an org of 500 agents of whom 10 are
 * available, so every call rings ten. Open-loop at a fixed rate, then stepping the rate up to the
 * highest one held with p99 under 50 ms. Baseline: constant TwiML from a trivial route on the same
 * server, measured at the same rates in the same rounds. The load generator is this JVM's own
 * Vert.x (the server's cores are the same two either way).
 */
public final class WebhookBench implements Bench {
  static final double P99_GOAL_MS = 20;
  static final double MAX_RATE_GOAL = 1_000;
  static final double HELD_P99_MS = 50;
  private static final String ORG = "bench-org";
  private static final String NUMBER = "+15550002222";
  /** The rate search, in multiples of the base rate (200 req/s: 200, 400, ... 5,000). */
  private static final double[] STEPS = {1, 2, 3, 4, 5, 6.25, 7.5, 10, 12.5, 15, 20, 25};

  @Override
  public String name() {
    return "webhook";
  }

  private static final class Side {
    final Spread p50 = new Spread();
    final Spread p99 = new Spread();
    final Spread achieved = new Spread();
    final CpuMeter.Costs cpu = new CpuMeter.Costs();
    int failed;
    int notRinging;

    JsonObject toJson() {
      return new JsonObject().put("p50Ms", p50.toJson()).put("p99Ms", p99.toJson())
          .put("achievedRate", achieved.toJson()).put("failed", failed).put("notRinging", notRinging)
          .put("cpuMicrosPerRequest", cpu.toJson());
    }
  }

  @Override
  public JsonObject run(BenchOptions options, PrintStream out) throws Exception {
    int agents = options.integer("agents", 500, 20);
    int available = Math.min(agents, options.integer("available", 10, 10));
    int rate = options.integer("rate", 200, 20);
    int seconds = options.integer("seconds", 10, 1);
    int rounds = options.integer("rounds", 3, 2);
    int stepSeconds = options.integer("step-seconds", 5, 1);
    int maxRate = options.integer("max-rate", 5_000, 40);
    int warmupSeconds = options.integer("warmup-seconds", 20, 1);
    // How many different numbers call (cycled): 1 is the worst case for the screen-pop, which looks
    // up the caller's earlier calls in every new call's insert.
    int callers = options.integer("callers", 1, 1);
    out.printf("webhook: %d caller number(s)%n", callers);
    out.printf("webhook: POST %s signed, org of %d agents (%d available), %d req/s open-loop for %d s x %d rounds,"
        + " then steps of %d s up to %d req/s%n", TwilioPaths.VOICE, agents, available, rate, seconds, rounds,
        stepSeconds, maxRate);

    try (BenchDatabase db = BenchDatabase.create("webhook")) {
      SwitchboardConfig config = db.config(Map.of());
      SwitchboardProcess server = SwitchboardProcess.start(config, List.of(new ClaimServiceModule(),
          new PresenceServiceModule(), new VoiceWebhookModule(), new DashboardBridgeModule(),
          new ConstantTwimlModule())).await();
      Vertx clientVertx = Vertx.vertx();
      try {
        seed(server.vertx(), config, agents, available);
        HttpClient http = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(512));
        TwilioSigner signer = new TwilioSigner(BenchDatabase.AUTH_TOKEN);
        String signedUrl = config.publicUrl(TwilioPaths.VOICE);
        AtomicInteger calls = new AtomicInteger();
        String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Target voice = new Target(http, server.httpPort(), TwilioPaths.VOICE, () -> {
          Map<String, String> params = callParams(calls.incrementAndGet(), runId, callers);
          return new Signed(params, signer.sign(signedUrl, params));
        }, true);
        Target constant = new Target(http, server.httpPort(), ConstantTwimlModule.PATH, () -> {
          Map<String, String> params = callParams(calls.incrementAndGet(), runId, callers);
          return new Signed(params, signer.sign(signedUrl, params));
        }, false);

        // Warm-up, not recorded: long enough for the JIT, whose compiler threads otherwise take a
        // large share of this 2-core machine during the first rounds.
        int warmupRate = Math.min(2 * rate, 600);
        for (int left = warmupSeconds; left > 0; left -= 5) {
          voice.run(clientVertx, warmupRate, Math.min(5, left));
          constant.run(clientVertx, warmupRate, Math.min(5, left));
        }

        Side ours = new Side();
        Side base = new Side();
        Spread ratio = new Spread();
        for (int round = 0; round < rounds; round++) {
          Target first = round % 2 == 0 ? voice : constant;
          Target second = round % 2 == 0 ? constant : voice;
          Measured a = first.run(clientVertx, rate, seconds);
          Measured b = second.run(clientVertx, rate, seconds);
          Measured o = round % 2 == 0 ? a : b;
          Measured c = round % 2 == 0 ? b : a;
          o.addTo(ours);
          c.addTo(base);
          ratio.add(o.p99 / c.p99);
          out.printf("webhook round %d at %d req/s: voice p50 %.2f p99 %.2f ms (%d failed, %d not ringing),"
                  + " CPU %.0f us JVM + %.0f us PostgreSQL per request; constant p50 %.2f p99 %.2f ms, CPU %.0f us%n",
              round + 1, rate, o.p50, o.p99, o.failed, o.notRinging, o.cpu.jvmMicros(), o.cpu.postgresMicros(),
              c.p50, c.p99, c.cpu.totalMicros());
        }

        // The highest rate held: each step is run for both while each still holds p99 < 50 ms.
        int oursMax = 0;
        int baseMax = 0;
        boolean oursHolds = true;
        boolean baseHolds = true;
        JsonObject steps = new JsonObject();
        for (double multiple : STEPS) {
          int step = (int) Math.round(rate * multiple);
          if (step > maxRate || (!oursHolds && !baseHolds)) {
            break;
          }
          JsonObject at = new JsonObject();
          if (oursHolds) {
            Measured m = voice.run(clientVertx, step, stepSeconds);
            oursHolds = m.holds(step);
            oursMax = oursHolds ? step : oursMax;
            at.put("voice", m.toJson());
          }
          if (baseHolds) {
            Measured m = constant.run(clientVertx, step, stepSeconds);
            baseHolds = m.holds(step);
            baseMax = baseHolds ? step : baseMax;
            at.put("constant", m.toJson());
          }
          steps.put(String.valueOf(step), at);
          out.printf("webhook step %d req/s: %s%n", step, at.encode());
        }

        double p99Ratio = ours.p99.median() / base.p99.median();
        boolean complete = ours.failed == 0 && ours.notRinging == 0;
        boolean ok = complete && ours.p99.median() <= P99_GOAL_MS && oursMax >= MAX_RATE_GOAL;
        out.println("webhook (latency from each request's scheduled send time):");
        out.printf("  voice    at %d req/s: p50 %.2f ms, p99 %s ms; highest rate held with p99 < %.0f ms: %d req/s%n",
            rate, ours.p50.median(), ours.p99.describe(), HELD_P99_MS, oursMax);
        out.printf("  baseline at %d req/s: p50 %.2f ms, p99 %s ms; highest rate held: %d req/s%s%n",
            rate, base.p50.median(), base.p99.describe(), baseMax, baseMax >= maxRate ? " (the search's cap)" : "");
        out.printf("  p99 ratio %.2f; goals p99 <= %.0f ms at %d req/s and max rate >= %.0f: %s%n", p99Ratio,
            P99_GOAL_MS, rate, MAX_RATE_GOAL, ClaimsBench.verdict(ok));
        return new JsonObject()
            .put("bench", name())
            .put("agents", agents).put("callers", callers).put("available", available).put("rate", rate).put("seconds", seconds)
            .put("rounds", rounds)
            .put("process", "one JVM: server (claims, presence, voice-webhook, bridge) and the load generator's own Vert.x")
            .mergeIn(ours.toJson())
            .put("maxRateHeld", oursMax)
            .put("steps", steps)
            .put("baseline", base.toJson().put("maxRateHeld", baseMax).put("endpoint", ConstantTwimlModule.PATH))
            .put("ratio", Spread.round(p99Ratio))
            .put("ratioPerRound", ratio.toJson())
            .put("invariantsHeld", complete)
            .put("goals", new JsonObject().put("p99Ms", P99_GOAL_MS).put("maxRate", MAX_RATE_GOAL))
            .put("ok", ok);
      } finally {
        clientVertx.close().await();
        server.stop();
      }
    }
  }

  private static Map<String, String> callParams(long n, String runId, int callers) {
    String callSid = "CA" + runId + String.format("%024d", n);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", BenchDatabase.ACCOUNT_SID);
    params.put("ApiVersion", "2010-04-01");
    params.put("CallSid", callSid);
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    params.put("From", String.format("+1555%07d", n % callers));
    params.put("To", NUMBER);
    return params;
  }

  /** The directory's org, number and users; every agent connected, {@code available} of them available. */
  private static void seed(Vertx vertx, SwitchboardConfig config, int agents, int available) {
    Pool pool = Database.pool(vertx, config.database());
    DashboardTokens.seedOrg(pool, ORG, NUMBER, agents);
    pool.close().await();
    String node = ClusterSupport.nodeId(vertx);
    List<Future<?>> ready = new ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String agent = DashboardTokens.agentId(i);
      AgentStatus status = i < available ? AgentStatus.AVAILABLE : AgentStatus.AWAY;
      ready.add(Bus.request(vertx.eventBus(), Addresses.PRESENCE_CONNECTED,
              new ConnectionReport(agent, ORG, "conn-" + agent, node).toJson())
          .compose(v -> Bus.request(vertx.eventBus(), Addresses.PRESENCE_SET_STATUS,
              new SetStatusRequest(agent, status, new Actor(agent, ORG, Role.AGENT)).toJson())));
      if (ready.size() == 50) {
        Future.all(ready).await();
        ready.clear();
      }
    }
    Future.all(ready).await();
    int listed = new Peers(vertx.eventBus()).availableAgents(ORG).await().size();
    if (listed != available) {
      throw new IllegalStateException("presence lists " + listed + " available agents, expected " + available);
    }
  }

  private record Signed(Map<String, String> params, String signature) {}

  /** One side's measurement at one rate. */
  private static final class Measured {
    final double p50;
    final double p99;
    final double achieved;
    final int failed;
    final int notRinging;
    final CpuMeter.Cost cpu;

    Measured(OpenLoop.Result result, int notRinging, CpuMeter.Cost cpu) {
      this.p50 = result.latency().percentileMs(50);
      this.p99 = result.latency().percentileMs(99);
      this.achieved = result.achievedRate();
      this.failed = result.failed();
      this.notRinging = notRinging;
      this.cpu = cpu;
    }

    boolean holds(int rate) {
      return failed == 0 && notRinging == 0 && p99 < HELD_P99_MS && achieved >= 0.95 * rate;
    }

    void addTo(Side side) {
      side.p50.add(p50);
      side.p99.add(p99);
      side.achieved.add(achieved);
      side.cpu.add(cpu);
      side.failed += failed;
      side.notRinging += notRinging;
    }

    JsonObject toJson() {
      return new JsonObject().put("p50Ms", Spread.round(p50)).put("p99Ms", Spread.round(p99))
          .put("achievedRate", Spread.round(achieved)).put("failed", failed).put("notRinging", notRinging)
          .put("cpuMicrosPerRequest", cpu.toJson());
    }
  }

  /** An endpoint under open-loop load; for /twilio/voice every answer must be a ring of the available agents. */
  private record Target(HttpClient http, int port, String path, Supplier<Signed> next,
      boolean mustRing) {

    Measured run(Vertx vertx, int rate, int seconds) {
      AtomicInteger notRinging = new AtomicInteger();
      CpuMeter.Reading before = CpuMeter.read();
      OpenLoop.Result result = OpenLoop.run(vertx, rate, seconds, i -> {
        Signed signed = next.get();
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI(path).putHeader("X-Twilio-Signature", signed.signature())
                .putHeader("Content-Type", "application/x-www-form-urlencoded"))
            .compose(request -> request.send(Buffer.buffer(form(signed.params()))))
            .compose(response -> response.body().map(body -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + body);
              }
              if (mustRing && !body.toString().contains("<Dial")) {
                notRinging.incrementAndGet();
              }
              return null;
            }));
      });
      return new Measured(result, notRinging.get(), CpuMeter.read().since(before, Math.max(1, result.sent())));
    }

    private static String form(Map<String, String> params) {
      StringBuilder body = new StringBuilder();
      params.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
          .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return body.toString();
    }
  }
}
