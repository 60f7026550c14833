package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Twilio (telephony-sim) failing or slow on the REST calls of park and unpark: the caller is never
 * dropped, the agent gets a clear error, and the parked row and the call's state agree. Webhook
 * retries and out-of-order callbacks are covered at the webhook level by voice-webhook's
 * {@code WebhookContractTest} (retriedVoiceWebhookIsIdempotent, outOfOrderCallbacksLeaveTheRightFinalState).
 */
@ExtendWith(PgTestDatabase.class)
class TwilioFaultsTest {
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void failingOrSlowTwilioDuringParkAndUnparkNeverDropsTheCaller(TestDatabase db) {
    try (Stack stack = Stack.start(TestConfigs.values(db.url()), db.url(), 0.05, 1)) {
      Agent agent = Agent.signIn(stack, stack.orgs.agentsA().get(0));
      SimCall caller = stack.sim.inboundCall("+15558880001", Seed.NUMBER_A).await();
      IncomingCall ring = agent.device.nextIncoming(Duration.ofSeconds(10)).await();
      String sid = caller.sid();
      assertEquals(200, agent.claim(sid).await().status());
      ring.accept().await();
      agent.device.awaitMessage("connected", ring.callSid(), Duration.ofSeconds(10)).await();
      until(stack, "SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '" + sid + "'", 1);

      // Park while Twilio answers 500 to every redirect (the SDK's own retries included).
      stack.sim.faults().failNext("POST", "/Calls/" + sid, 500, 20);
      Api.Reply failedPark = agent.park(sid).await();
      stack.sim.faults().clear();
      assertEquals(503, failedPark.status(), failedPark.body());
      // Exactly this: Twilio's own message (it names the account SID) stays in the log.
      assertEquals(new JsonObject().put("error", "UNAVAILABLE")
          .put("message", "the call could not be parked; it is still connected to you"), failedPark.json());
      assertTrue(caller.isLive(), "the caller is still on the line");
      assertEquals(1, stack.count("SELECT count(*) FROM claims.calls WHERE status = 'active' AND call_sid = '" + sid + "'"));
      assertEquals(0, stack.count("SELECT count(*) FROM parking.parked_calls"));

      // Park for real, then unpark while Twilio fails.
      Api.Reply parked = agent.park(sid).await();
      assertEquals(200, parked.status(), parked.body());
      JsonObject view = parked.json();
      until(stack, "SELECT count(*) FROM claims.calls WHERE status = 'parked' AND call_sid = '" + sid + "'", 1);
      stack.sim.faults().failNext("POST", "/Calls/" + sid, 500, 20);
      Api.Reply failedUnpark = agent.unpark(view.getString("parkedId"), agent.id()).await();
      stack.sim.faults().clear();
      assertEquals(503, failedUnpark.status(), failedUnpark.body());
      assertEquals(new JsonObject().put("error", "UNAVAILABLE")
          .put("message", "the call could not be retrieved; it is still parked"), failedUnpark.json());
      assertTrue(caller.isLive());
      assertTrue(stack.sim.conferenceParticipants(view.getString("conferenceName")).contains(sid), "still in the lot");
      assertEquals(1, stack.count("SELECT count(*) FROM claims.calls WHERE status = 'parked' AND call_sid = '" + sid + "'"));
      assertEquals(1, stack.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + sid + "'"));

      // Twilio slow (2 s) but within the request timeout: the unpark just takes longer.
      stack.sim.faults().delayNext("POST", "/Calls/" + sid, Duration.ofSeconds(2), 1);
      Api.Reply slowUnpark = agent.unpark(view.getString("parkedId"), agent.id()).await();
      assertEquals(200, slowUnpark.status(), slowUnpark.body());
      IncomingCall back = agent.device.nextIncoming(Duration.ofSeconds(10)).await();
      assertEquals(sid, back.parameters().get("callSid"));
      back.accept().await();
      until(stack, "SELECT count(*) FROM claims.calls WHERE status = 'active' AND call_sid = '" + sid + "'", 1);
      until(stack, "SELECT count(*) FROM parking.parked_calls", 0);
      assertTrue(caller.isLive());
      System.out.printf("HARDENING twilio-faults: parkOn500=%d unparkOn500=%d unparkSlow2s=%d (%dms) injected=%d"
          + " callerDropped=%s%n", failedPark.status(), failedUnpark.status(), slowUnpark.status(), slowUnpark.millis(),
          stack.sim.faults().injected(), !caller.isLive());
      caller.hangUp().await();
      until(stack, "SELECT count(*) FROM claims.calls WHERE status <> 'ended'", 0);
      agent.close().await();
    }
  }

  static void until(Stack stack, String sql, long expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long value;
    while ((value = stack.count(sql)) != expected && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertEquals(expected, value, sql);
  }
}
