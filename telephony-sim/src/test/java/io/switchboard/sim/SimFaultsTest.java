package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST API's fault injection: failures and delays of the next matching requests, then normal service. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimFaultsTest extends SimTestBase {
  @Test
  void anInjectedFailureAnswersTwiliosErrorJsonWithoutTouchingTheCallThenServiceResumes() {
    app.twiml("/voice", response("<Pause length=\"600\"/>"));
    app.twiml("/elsewhere", response("<Say>Moved</Say><Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    // The SDK retries a 5xx by itself (HttpClient.RETRIES), so fail more requests than it makes.
    sim.faults().failNext("POST", "/Calls/" + call.sid(), 500, 100);

    ApiException e = assertThrows(ApiException.class, () -> Call.updater(call.sid())
        .setUrl(app.url("/elsewhere")).setMethod(HttpMethod.POST).update(sdk()));
    assertEquals(500, e.getStatusCode());
    int attempts = sim.faults().injected();
    assertTrue(attempts > 1, "the SDK retried a 500: " + attempts + " attempts");
    assertEquals(call.sid(), Call.fetcher(call.sid()).fetch(sdk()).getSid(), "a GET does not match a POST rule");
    assertTrue(call.isLive());
    assertTrue(call.heard().stream().noneMatch(h -> h.contains("Moved")), "a failed redirect moved nothing");

    sim.faults().clear();
    Call.updater(call.sid()).setUrl(app.url("/elsewhere")).setMethod(HttpMethod.POST).update(sdk());
    call.awaitEvent(ev -> "say".equals(ev.type()) && ev.data().encode().contains("Moved"), "moved", WITHIN).await();
    assertEquals(attempts, sim.faults().injected());
  }

  @Test
  void aDelayedRequestIsServedAfterTheDelay() {
    app.twiml("/voice", response("<Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    sim.faults().delayNext("GET", "/Calls/" + call.sid(), Duration.ofMillis(300), 1);
    long start = System.nanoTime();
    assertEquals(call.sid(), Call.fetcher(call.sid()).fetch(sdk()).getSid());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "held for the injected delay");
    assertEquals(1, sim.faults().injected());
  }

  @Test
  void aDelayedRedirectWithABodyIsServedOnceAfterTheDelay() {
    app.twiml("/voice", response("<Pause length=\"600\"/>"));
    app.twiml("/elsewhere", response("<Say>Moved</Say><Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    sim.faults().delayNext("POST", "/Calls/" + call.sid(), Duration.ofMillis(200), 1);
    Call.updater(call.sid()).setUrl(app.url("/elsewhere")).setMethod(HttpMethod.POST).update(sdk());
    call.awaitEvent(ev -> "say".equals(ev.type()) && ev.data().encode().contains("Moved"), "moved", WITHIN).await();
    assertEquals(1, sim.faults().injected(), "served after the delay, not failed and retried");
  }

  @Test
  void aRuleNeedsAnErrorStatus() {
    assertThrows(IllegalArgumentException.class, () -> sim.faults().failNext("/Calls", 200));
  }
}
