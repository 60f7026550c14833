package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TcpProxy;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.SimCall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL gone for 10 s under a steady load of calls and claims, through a TCP proxy between
 * the whole system and the shared server (which keeps running). Requests fail fast with 503, no
 * call ever has two winners, callers who ring during the outage get voicemail rather than an
 * application error, and everything works again within 5 s of PostgreSQL coming back.
 */
@ExtendWith(PgTestDatabase.class)
class PostgresOutageTest {
  static final long OUTAGE_MS = 10_000;

  /** Whether the agent's phone rings for this caller within a few seconds. */
  static boolean rang(Agent agent, SimCall call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      try {
        var ring = agent.device.nextIncoming(Duration.ofMillis(300)).await();
        if (call.sid().equals(ring.parameters().get("callSid"))) {
          return true;
        }
      } catch (Exception timeout) {
        if (call.events().stream().anyMatch(e -> e.type().equals("beep"))) {
          return false;
        }
      }
    }
    return false;
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void anOutageFailsFastLosesNothingAndHealsItself(TestDatabase db) throws Exception {
    Vertx proxyVertx = Vertx.vertx();
    TcpProxy proxy = new TcpProxy(proxyVertx, "127.0.0.1", Integer.parseInt(PgTestDatabase.serverHostPort().split(":")[1]))
        .start().await();
    String proxied = db.url().replace(PgTestDatabase.serverHostPort(), "127.0.0.1:" + proxy.port());
    Map<String, String> values = TestConfigs.values(proxied);
    values.put("SWITCHBOARD_REQUEST_TIMEOUT_MS", "3000");
    // Voicemails whose callbacks failed during the outage come back from Twilio's recordings.
    values.put("SWITCHBOARD_RECONCILE_INTERVAL_SECONDS", "1");
    try (Stack stack = Stack.start(values, db.url(), 0.05, 2)) {
      long timeoutMs = stack.config.requestTimeout().toMillis();
      List<Agent> agents = List.of(Agent.signIn(stack, stack.orgs.agentsA().get(0)),
          Agent.signIn(stack, stack.orgs.agentsA().get(1)));
      Map<String, AtomicInteger> winners = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> claimAnswers = new ConcurrentHashMap<>();
      List<SimCall> duringOutage = Collections.synchronizedList(new ArrayList<>());
      List<String> voicemailsLeft = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger slowest = new AtomicInteger();
      long[] phase = {0}; // 0 before, 1 during, 2 after
      long endAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTAGE_MS + 14_000);

      Thread load = new Thread(() -> {
        int n = 0;
        while (System.nanoTime() < endAt) {
          try {
            SimCall call = stack.sim.inboundCall(String.format("+1555600%04d", n++), Seed.NUMBER_A).await();
            if (phase[0] == 1) {
              duringOutage.add(call);
            }
            if (!rang(agents.get(0), call)) {
              // Not rung (voicemail, or the webhook failed): the caller leaves a message after the tone.
              if (call.awaitEvent("beep", Duration.ofSeconds(5)).otherwiseEmpty().await() != null) {
                var recorded = call.awaitEvent("recorded", Duration.ofSeconds(5)).otherwiseEmpty().await();
                if (recorded != null && recorded.get("recordingSid") != null) {
                  voicemailsLeft.add(recorded.get("recordingSid"));
                }
              }
              call.hangUp().otherwiseEmpty().await();
              continue;
            }
            // Both agents race for it, as two browsers would.
            List<Future<Api.Reply>> claims = agents.stream().map(a -> a.claim(call.sid())).toList();
            for (Future<Api.Reply> f : claims) {
              Api.Reply r = f.await();
              slowest.accumulateAndGet((int) r.millis(), Math::max);
              claimAnswers.computeIfAbsent(Integer.toString(r.status()), k -> new AtomicInteger()).incrementAndGet();
              if (r.status() == 200) {
                winners.computeIfAbsent(call.sid(), k -> new AtomicInteger()).incrementAndGet();
              }
            }
            call.hangUp().otherwiseEmpty().await();
            Thread.sleep(150);
          } catch (Exception e) {
            claimAnswers.computeIfAbsent("driver " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                .incrementAndGet();
          }
        }
      }, "outage-load");
      load.start();

      Thread.sleep(2_000);
      phase[0] = 1;
      proxy.cut();
      long cutAt = System.nanoTime();
      Api.Reply duringBoard = agents.get(0).board().await();
      Api.Reply duringReady = stack.api.get("/health/ready", null);
      // Agents keep clicking during the outage: every answer must be a fast 503.
      Map<String, Integer> outageAnswers = new TreeMap<>();
      long outageSlowest = 0;
      while (System.nanoTime() - cutAt < TimeUnit.MILLISECONDS.toNanos(OUTAGE_MS)) {
        for (Api.Reply r : List.of(agents.get(0).claim("CA" + "f".repeat(32)).await(), agents.get(1).board().await(),
            agents.get(1).setStatus("available").await())) {
          outageAnswers.merge(Integer.toString(r.status()), 1, Integer::sum);
          outageSlowest = Math.max(outageSlowest, r.millis());
        }
        Thread.sleep(250);
      }
      phase[0] = 2;
      proxy.restore();
      long restoredAt = System.nanoTime();
      long recoveredMs = -1;
      while (System.nanoTime() - restoredAt < TimeUnit.SECONDS.toNanos(15)) {
        if (stack.api.get("/health/ready", null).status() == 200 && agents.get(0).board().await().status() == 200) {
          recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);
          break;
        }
        Thread.sleep(100);
      }
      load.join();
      // Every message left is stored, those whose callbacks met the outage too (recovered from Twilio).
      long storedDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      long voicemailsStored;
      do {
        voicemailsStored = voicemailsLeft.isEmpty() ? 0 : stack.count("SELECT count(*) FROM voice.voicemails"
            + " WHERE recording_sid IN ('" + String.join("','", voicemailsLeft) + "')");
        if (voicemailsStored < voicemailsLeft.size()) {
          Thread.sleep(200);
        }
      } while (voicemailsStored < voicemailsLeft.size() && System.nanoTime() < storedDeadline);

      long doubleWinners = winners.values().stream().filter(n -> n.get() > 1).count();
      long voicemail = duringOutage.stream().filter(c -> c.events().stream().anyMatch(e -> e.type().equals("beep"))).count();
      long appErrors = duringOutage.stream().filter(c -> c.events().stream()
          .anyMatch(e -> e.type().equals("application-error"))).count();
      Map<String, Integer> answers = new TreeMap<>();
      claimAnswers.forEach((k, v) -> answers.put(k, v.get()));
      System.out.printf("HARDENING outage: outageMs=%d claimAnswers=%s slowestClaimMs=%d timeoutMs=%d boardDuring=%d"
          + " readyDuring=%d callsDuringOutage=%d voicemailTwiml=%d applicationErrors=%d doubleWinners=%d"
          + " recoveredMsAfterRestore=%d outageRequests=%s outageSlowestMs=%d voicemailsLeft=%d voicemailsStored=%d%n",
          OUTAGE_MS, answers, slowest.get(), timeoutMs, duringBoard.status(),
          duringReady.status(), duringOutage.size(), voicemail, appErrors, doubleWinners, recoveredMs, outageAnswers,
          outageSlowest, voicemailsLeft.size(), voicemailsStored);

      assertEquals(503, duringBoard.status(), duringBoard.body());
      assertTrue(duringBoard.isErrorShape());
      assertEquals(503, duringReady.status());
      assertTrue(slowest.get() <= timeoutMs + 1_000, "no request hung beyond the timeout: " + slowest.get());
      assertEquals(0, doubleWinners, "a call had two winners");
      assertEquals(Set.of("503"), outageAnswers.keySet(), "every request during the outage was a 503");
      assertTrue(outageSlowest <= timeoutMs, "no request during the outage hung beyond the timeout: " + outageSlowest);
      assertTrue(!duringOutage.isEmpty(), "calls arrived during the outage");
      assertEquals(0, appErrors, "a caller heard an application error");
      assertEquals(duringOutage.size(), voicemail, "every caller during the outage got voicemail");
      assertTrue(recoveredMs >= 0 && recoveredMs <= 5_000, "recovered within 5 s: " + recoveredMs);
      assertTrue(winners.size() > 2, "calls were won before and after: " + winners.size());
      assertTrue(!voicemailsLeft.isEmpty(), "messages were left");
      assertEquals(voicemailsLeft.size(), voicemailsStored, "every voicemail left was stored");
      agents.forEach(a -> a.close().await());
    } finally {
      proxy.close().await();
      proxyVertx.close().await();
    }
  }

  @AfterAll
  static void printStalls() {
  }
}
