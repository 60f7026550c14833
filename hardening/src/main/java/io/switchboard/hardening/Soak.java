package io.switchboard.hardening;

import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Simulated traffic held for a while: callers arrive continuously on org A's number; agents
 * answer (claim, then accept on the phone), talk, park or hang up; idle agents retrieve parked
 * calls from the lot onto themselves; browsers drop and reopen their sockets and reload the
 * board. Callers nobody takes reach voicemail and leave. At the end every caller still on the
 * line hangs up and the database must hold no live state: no call not ended, no parked row, no
 * busy agent. Each agent is one thread, as each browser is one person.
 */
public final class Soak {
  /** How long a soak runs, how many agents and how often a call arrives; the seed makes the choices repeatable. */
  public record Options(Duration length, int agents, long callEveryMs, long seed) {}

  /** The figures of one run. */
  public record Report(Duration length, long callsPlaced, long callsAnswered, long parked, long retrieved,
      long hungUp, long reconnects, Map<String, Long> answers, Map<String, long[]> latencies,
      long heapBeforeMb, long heapAfterMb, Map<String, Long> leaks, long serverErrors) {

    public long leakedRows() {
      return leaks.values().stream().mapToLong(Long::longValue).sum();
    }

    public String block() {
      StringBuilder text = new StringBuilder();
      text.append(String.format("HARDENING soak: minutes=%.1f callsPlaced=%d answered=%d parked=%d retrieved=%d hungUp=%d"
          + " reconnects=%d heapBeforeMb=%d heapAfterMb=%d leakedRows=%d serverErrors=%d%n",
          length.toMillis() / 60_000.0, callsPlaced, callsAnswered, parked, retrieved, hungUp, reconnects,
          heapBeforeMb, heapAfterMb, leakedRows(), serverErrors));
      latencies.forEach((op, q) -> text.append(String.format("HARDENING soak latency %-10s n=%d p50=%dms p99=%dms max=%dms%n",
          op, q[0], q[1], q[2], q[3])));
      text.append("HARDENING soak answers ").append(answers).append('\n');
      text.append("HARDENING soak leaks ").append(leaks).append('\n');
      return text.toString();
    }
  }

  private final Stack stack;
  private final Options options;
  private final Latencies stats = new Latencies();
  /** Calls an agent asked to retrieve onto itself: its next ring for them is answered without a claim. */
  private final Set<String> retrieving = ConcurrentHashMap.newKeySet();
  private volatile long deadline;

  public Soak(Stack stack, Options options) {
    this.stack = stack;
    this.options = options;
  }

  public Report run() throws InterruptedException {
    long heapBefore = usedHeapMb();
    List<Agent> agents = new ArrayList<>();
    for (Seed.User user : stack.orgs.agentsA().subList(0, options.agents())) {
      agents.add(Agent.signIn(stack, user));
    }
    long start = System.nanoTime();
    deadline = start + options.length().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      Agent agent = agents.get(i);
      Random random = new Random(options.seed() + i);
      threads.add(start("soak-" + agent.id(), () -> agentLoop(agent, random)));
    }
    Thread callers = start("soak-callers", this::callerLoop);
    callers.join();
    for (Thread t : threads) {
      t.join(30_000);
    }
    Duration length = Duration.ofNanos(System.nanoTime() - start);
    Map<String, Long> leaks = drainAndCountLeaks(agents);
    long heapAfter = usedHeapMb();
    Map<String, long[]> latencies = new TreeMap<>();
    for (String op : stats.ops()) {
      latencies.put(op, new long[] {stats.samples(op), stats.quantile(op, 0.5), stats.quantile(op, 0.99),
          stats.quantile(op, 1.0)});
    }
    Map<String, Long> answers = stats.counts();
    long serverErrors = answers.entrySet().stream().filter(e -> e.getKey().matches(".* 5\\d\\d"))
        .mapToLong(Map.Entry::getValue).sum();
    return new Report(length, count("call placed"), count("answered"), count("parked"), count("retrieved"),
        count("hung up"), count("reconnect"), answers, latencies, heapBefore, heapAfter, leaks, serverErrors);
  }

  private static Thread start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.start();
    return thread;
  }

  private long count(String what) {
    return stats.count(what, 0);
  }

  private boolean running() {
    return System.nanoTime() < deadline;
  }

  private void callerLoop() {
    Random random = new Random(options.seed() - 1);
    // A caller nobody answers leaves after about five simulated minutes (voicemail included).
    Duration patience = Duration.ofMinutes(5);
    int n = 0;
    while (running()) {
      String from = String.format("+1555%07d", 3_000_000 + (n++ % 1_000_000));
      try {
        SimCall call = stack.sim.inboundCall(from, Seed.NUMBER_A).await();
        call.hangUpAfter(patience);
        stats.count("call placed");
      } catch (Exception e) {
        stats.count("call refused");
      }
      sleep(options.callEveryMs() / 2 + random.nextInt((int) Math.max(1, options.callEveryMs())));
    }
  }

  private void agentLoop(Agent agent, Random random) {
    long nextReconnect = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(20));
    while (running()) {
      try {
        IncomingCall ring = nextRing(agent);
        if (ring != null) {
          answer(agent, ring, random);
        } else if (System.nanoTime() > nextReconnect) {
          timed("reconnect", agent.reconnect());
          stats.count("reconnect");
          nextReconnect = System.nanoTime() + TimeUnit.SECONDS.toNanos(10 + random.nextInt(20));
        } else if (random.nextInt(3) == 0) {
          retrieveOne(agent, random);
        }
      } catch (Exception e) {
        stats.count("driver error " + e.getClass().getSimpleName());
      }
    }
  }

  private IncomingCall nextRing(Agent agent) {
    try {
      return agent.device.nextIncoming(Duration.ofMillis(400)).await();
    } catch (Exception timeout) {
      return null;
    }
  }

  private void answer(Agent agent, IncomingCall ring, Random random) {
    String callSid = ring.parameters().get("callSid");
    if (callSid == null) {
      return;
    }
    if (!retrieving.remove(callSid)) {
      Api.Reply claim = timed("claim", agent.claim(callSid));
      if (claim.status() != 200) {
        return; // lost (409) or already gone: the ring is cancelled for us
      }
    }
    try {
      ring.accept().await();
      agent.device.awaitMessage("connected", ring.callSid(), Duration.ofSeconds(5)).await();
    } catch (Exception e) {
      stats.count("accept failed");
      return;
    }
    stats.count("answered");
    sleep(150 + random.nextInt(600));
    if (random.nextInt(100) < 35) {
      Api.Reply park = timed("park", agent.park(callSid));
      if (park.status() == 200) {
        stats.count("parked");
        return;
      }
    }
    try {
      ring.hangUp().await();
      stats.count("hung up");
    } catch (Exception e) {
      stats.count("hang-up failed"); // the caller left first
    }
  }

  /** An idle agent takes a parked call (that someone else parked, or its own) back onto itself. */
  private void retrieveOne(Agent agent, Random random) {
    Api.Reply board = timed("board", agent.board());
    if (board.status() != 200) {
      return;
    }
    JsonArray parked = board.json().getJsonArray("parked", new JsonArray());
    if (parked.isEmpty()) {
      return;
    }
    JsonObject pick = parked.getJsonObject(random.nextInt(parked.size()));
    String callSid = pick.getString("callSid");
    retrieving.add(callSid);
    Api.Reply unpark = timed("unpark", agent.unpark(pick.getString("parkedId"), agent.id()));
    if (unpark.status() == 200) {
      stats.count("retrieved");
    } else {
      retrieving.remove(callSid);
    }
  }

  private Api.Reply timed(String op, Future<Api.Reply> request) {
    Api.Reply reply = request.await();
    stats.record(op, reply.millis(), reply.status());
    return reply;
  }

  /** Every caller still on the line hangs up; then no live state may remain. */
  private Map<String, Long> drainAndCountLeaks(List<Agent> agents) {
    for (SimCall call : stack.sim.calls()) {
      if (call.isLive() && call.parentCallSid() == null) {
        call.hangUp().otherwiseEmpty().await();
      }
    }
    Map<String, String> checks = Map.of(
        "callsNotEnded", "SELECT count(*) FROM claims.calls WHERE status <> 'ended'",
        "parkedRows", "SELECT count(*) FROM parking.parked_calls",
        "busyAgents", "SELECT count(*) FROM presence.agent_presence WHERE status = 'busy' OR call_sid IS NOT NULL");
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Map<String, Long> leaks = new TreeMap<>();
    do {
      checks.forEach((name, sql) -> leaks.put(name, stack.count(sql)));
      if (leaks.values().stream().allMatch(n -> n == 0)) {
        break;
      }
      sleep(200);
    } while (System.nanoTime() < settle);
    agents.forEach(a -> a.close().await());
    return leaks;
  }

  static long usedHeapMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
