package io.switchboard.clusterit;

import static io.switchboard.clusterit.TestOrg.AGENTS;
import static io.switchboard.clusterit.TestOrg.ORG;
import static io.switchboard.clusterit.Waits.WITHIN;
import static io.switchboard.clusterit.Waits.sleep;
import static io.switchboard.clusterit.Waits.until;

import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The agents: each one's dashboard (its socket makes the agent online) and phone. A free agent
 * whose phone rings claims the call through the bridge's API and answers if it won; an agent is
 * busy from its claim until the test frees it, and lets other calls ring meanwhile.
 */
final class Agents implements AutoCloseable {
  private final Vertx vertx;
  private final TelephonySim sim;
  private final BridgeApi api;
  private final Map<String, String> tokens;
  private final Tables tables;
  private final ExecutorService pool;
  /** The call a ring is for, once the caller's script has recorded it (null if it never does). */
  private final Function<String, Track> trackOf;
  private final Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
  private final Map<String, BoardSocket> phones = new LinkedHashMap<>();

  Agents(Vertx vertx, TelephonySim sim, BridgeApi api, Map<String, String> tokens, Tables tables,
      ExecutorService pool, Function<String, Track> trackOf) {
    this.vertx = vertx;
    this.sim = sim;
    this.api = api;
    this.tokens = tokens;
    this.tables = tables;
    this.pool = pool;
    this.trackOf = trackOf;
    AGENTS.forEach(agent -> busy.put(agent, new AtomicBoolean()));
  }

  /** Opens every agent's dashboard and answers their phones. */
  void connect() {
    for (String agent : AGENTS) {
      phones.put(agent, new BoardSocket(vertx, api.port(), tokens.get(agent), ORG, agent));
      sim.device(agent).onIncoming(ring -> pool.submit(() -> onRing(agent, ring)));
    }
  }

  void awaitAvailable() {
    until(() -> AGENTS.stream().allMatch(a -> "available".equals(tables.presence(a))), "every agent available");
  }

  /** An agent's phone rings: a free agent claims through the bridge; the winner answers. */
  private void onRing(String agent, IncomingCall ring) {
    String callSid = ring.parameters().get("callSid");
    Track t = trackOf.apply(callSid);
    try {
      if (t != null && agent.equals(t.unparkTarget)) {
        ring.accept().timeout(10, TimeUnit.SECONDS).await();
        t.unparkAnswered.complete(agent);
        return;
      }
      if (t == null || !busy.get(agent).compareAndSet(false, true)) {
        return; // on another call: this agent lets it ring
      }
      BridgeApi.Reply reply = api.post(tokens.get(agent), "/api/calls/" + callSid + "/claim", null);
      if (reply.status() == 200 && "WON".equals(reply.body().getString("outcome"))) {
        t.won.add(agent);
        ring.accept().timeout(10, TimeUnit.SECONDS).await();
        t.winner.complete(agent);
      } else {
        busy.get(agent).set(false);
        if (reply.status() == 409 && reply.body().getString("winner") != null) {
          t.lost.add(agent);
        } else if (reply.status() != 409) {
          t.problems.add(agent + " claim answered " + reply.status() + " " + reply.body().encode());
        }
      }
    } catch (Exception e) {
      if (t != null) {
        t.problems.add(agent + " ring: " + e);
      }
    }
  }

  /** A free agent, now busy (the one a parked call is handed to). */
  String reserveFree() {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      for (String agent : AGENTS) {
        if (busy.get(agent).compareAndSet(false, true)) {
          return agent;
        }
      }
      sleep(20);
    }
    throw new AssertionError("no free agent to unpark to");
  }

  void free(String agent) {
    busy.get(agent).set(false);
  }

  @Override
  public void close() {
    phones.values().forEach(BoardSocket::close);
  }
}
