package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * Issue 23 §2 and §3: presence and the board tell one truth, and a hand-over is honest. The presence grace
 * is a minute here, so an agent shown offline right after signing out was not merely timed out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardHonestyE2eTest extends BrowserE2eTest {
  private static final int GRACE_SECONDS = 60;

  @Override
  protected Map<String, String> settings() {
    return Map.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", Integer.toString(GRACE_SECONDS));
  }

  @Test
  @Order(1)
  void signingOutTakesTheAgentOfflineOnEveryBoardAtOnceAndTheNextCallDoesNotRingIt() {
    AgentBrowser cat = signOut(CAT);
    try {
      Eventually.until("cat offline on the other boards long before the " + GRACE_SECONDS + " s grace", WAIT,
          () -> browsers.values().stream().allMatch(b -> "offline".equals(b.board().status(CAT))));
      SimCall call = ring();
      awaitRinging(call, ANN, BEN);
      String rung = browser(ANN).board().incoming(call.sid()).orElseThrow().text();
      assertFalse(rung.contains("Cat Agent"), "a signed-out agent is not rung: " + rung);
      phase("cat-signed-out-not-rung");
      call.hangUp().await();
    } finally {
      signBackIn(CAT, cat);
    }
    awaitAllAvailable();
    assertNoConsoleErrors();
  }

  @Test
  @Order(2)
  void theDayCountersArePushedToEveryBoardTheMomentACallIsAnswered() {
    String before = counter(ANN, "answered");
    awaitSameCountersEverywhere();
    SimCall call = answeredBy(BEN);
    Eventually.until("every board counts the answer", WAIT, () -> browsers.keySet().stream()
        .allMatch(id -> !before.equals(counter(id, "answered"))));
    awaitSameCountersEverywhere();
    phase("counters-pushed");
    call.hangUp().await();
    assertNoConsoleErrors();
  }

  @Test
  @Order(3)
  void aHandOverRingsTheReceiverOnEveryBoardUntilItAnswersAndItsTimerCountsFromItsOwnAnswer() {
    SimCall call = answeredBy(ANN);
    long annAnswered = System.currentTimeMillis();
    assertTrue(browser(ANN).element("status-switch").getAttribute("disabled") != null,
        "the status switch cannot change during a call");
    assertTrue(browser(ANN).element("status-reason").getText().contains("call"), "and it says why");
    sleep(3_000); // ann's call has run a while: cat's timer must not count from ann's answer
    browser(ANN).pressParkKey();
    awaitParkedEverywhere(call);
    browser(ANN).dragParkedCallTo(call.sid(), CAT);

    Eventually.until("every board shows the call ringing cat (no call timer)", WAIT, () -> browsers.values()
        .stream().allMatch(b -> b.board().activeOf(CAT)
            .filter(a -> call.sid().equals(a.callSid()) && a.pending() && a.timer() == null).isPresent()));
    assertTrue(browser(CAT).board().incoming(call.sid()).map(PageBoard.Incoming::hasAnswer).orElse(false),
        "cat's Answer prompt comes with the board change: " + browser(CAT).board().incoming());
    assertTrue(browser(ANN).driver().findElements(By.cssSelector("[data-testid='park-" + call.sid() + "']")).isEmpty()
        && browser(ANN).driver().findElements(By.cssSelector("[data-testid='hangup-" + call.sid() + "']")).isEmpty(),
        "no Park or Hang up for a call that is only ringing");
    phase("hand-over-ringing-cat");

    browser(CAT).answer(call.sid());
    awaitConnected(call, CAT);
    Eventually.until("every board shows cat on the call with a timer", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().activeOf(CAT).filter(a -> !a.pending() && a.timer() != null).isPresent()));
    long sinceAnn = (System.currentTimeMillis() - annAnswered) / 1000;
    int catTimer = seconds(browser(BEN).board().activeOf(CAT).orElseThrow().timer());
    assertTrue(catTimer + 3 <= sinceAnn, "cat's timer (" + catTimer + " s) counts from cat's answer, not ann's ("
        + sinceAnn + " s ago)");
    awaitSameBoardEverywhere();
    phase("hand-over-answered");
    assertNoConsoleErrors();
  }

  @Test
  @Order(4)
  void anUnansweredHandOverReturnsToTheLotMarkedMissedAndBothAgentsAreTold() {
    SimCall call = answeredBy(ANN);
    browser(ANN).pressParkKey();
    awaitParkedEverywhere(call);
    sleep(3_000); // parked a while: the parked timer must restart when the call comes back
    browser(ANN).dragParkedCallTo(call.sid(), CAT);
    Eventually.until("every board shows the call ringing cat", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().activeOf(CAT).filter(a -> call.sid().equals(a.callSid()) && a.pending()).isPresent()));

    Duration ring = E2eSystem.scaled(E2eSystem.RING_TIMEOUT_SECONDS);
    Eventually.until("every board shows the call back in the lot, missed by cat", WAIT.plus(ring), () -> browsers
        .values().stream().allMatch(b -> b.board().parkedCall(call.sid()).isPresent()
            && b.driver().findElements(By.cssSelector("[data-testid^='parked-missed-']")).stream()
                .anyMatch(e -> e.getText().contains("Cat Agent"))));
    for (String id : List.of(ANN, CAT)) {
      browser(id).waitFor(id + " told the hand-over was not answered",
          () -> browser(id).board().toastContains("not answered"));
    }
    String parkedId = browser(BEN).board().parkedCall(call.sid()).orElseThrow().parkedId();
    int parkedFor = seconds(browser(BEN).element("parked-timer-" + parkedId).getText());
    assertTrue(parkedFor <= 2, "the parked timer counts from the return to the lot: " + parkedFor + " s");
    assertFalse(browser(CAT).board().showsIncoming(call.sid()), "cat is no longer offered it");
    phase("hand-over-missed");
    assertNoConsoleErrors();
  }

  @Test
  @Order(5)
  void anAgentWhoSignsOutDuringACallIsWarnedAndCanHangItUpAfterSigningBackIn() {
    SimCall call = answeredBy(ANN);
    browser(ANN).element("logout").click();
    assertTrue(browser(ANN).element("logout-warning").getText().contains("on a call"), "signing out warns first");
    browser(ANN).element("logout-confirm").click();
    AgentBrowser ann = browsers.remove(ANN);
    ann.waitFor("the login page", () -> !ann.driver().findElements(AgentBrowser.testId("login-email")).isEmpty());
    signBackIn(ANN, ann);
    Eventually.until("ann's card still shows her call", WAIT,
        () -> call.sid().equals(browser(ANN).board().callOf(ANN)));
    browser(ANN).hangUp(call.sid());
    call.awaitEnd(WAIT).await();
    Eventually.until("the call leaves every board", WAIT,
        () -> browsers.values().stream().noneMatch(b -> b.board().showsCallAnywhere(call.sid())));
    assertFalse(browser(ANN).board().toastContains("cannot be hung up"), "no refusal: " + browser(ANN).board().toasts());
    assertNoConsoleErrors();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private AgentBrowser signOut(String agentId) {
    browser(agentId).element("logout").click();
    AgentBrowser signedOut = browsers.remove(agentId);
    signedOut.waitFor("the login page",
        () -> !signedOut.driver().findElements(AgentBrowser.testId("login-email")).isEmpty());
    return signedOut;
  }

  private void signBackIn(String agentId, AgentBrowser browser) {
    browser.signInThroughLoginPage();
    browsers.put(agentId, browser);
  }

  private SimCall answeredBy(String agentId) {
    SimCall call = ring();
    awaitRinging(call, agentId);
    browser(agentId).answer(call.sid());
    awaitOnCardEverywhere(call, agentId);
    awaitConnected(call, agentId);
    return call;
  }

  private void awaitParkedEverywhere(SimCall call) {
    Eventually.until("every board shows " + call.sid() + " parked", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().parkedCall(call.sid()).isPresent()));
  }

  private String counter(String agentId, String name) {
    return browser(agentId).element("counter-" + name).findElement(By.className("counter-value")).getText();
  }

  /** The day's totals read the same on every board. */
  private void awaitSameCountersEverywhere() {
    List<String> names = List.of("answered", "abandoned", "avg-answer", "avg-parked");
    Eventually.until("every board shows the same counters", WAIT, () -> browsers.keySet().stream()
        .map(id -> names.stream().map(n -> counter(id, n)).toList()).distinct().count() == 1);
  }

  /** "1:05" -> 65. */
  private static int seconds(String timer) {
    String[] parts = timer.trim().split(":");
    int total = 0;
    for (String p : parts) {
      total = total * 60 + Integer.parseInt(p);
    }
    return total;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
