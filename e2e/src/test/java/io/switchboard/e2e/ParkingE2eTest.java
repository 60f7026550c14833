package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Phases 1, 3 and 5 of the simultaneous-ring plan (seed 000) and the park/unpark flows and edge cases of
 * the parking notes (seed 004), in three real browsers, moving calls with the mouse as agents do: every
 * board shows the same lot, whoever takes a call is connected, a caller who hangs up leaves the lot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParkingE2eTest extends BrowserE2eTest {

  /** Phase 1, the single-agent baseline: receive, answer, park, retrieve, end. */
  @Test
  @Order(0)
  void aSingleAvailableAgentAnswersParksRetrievesAndEndsACall() {
    setStatus(BEN, "away");
    setStatus(CAT, "away");
    SimCall call = ring();
    awaitRinging(call, ANN);
    assertFalse(browser(BEN).board().ringsMe(call.sid()) || browser(CAT).board().ringsMe(call.sid()),
        "only the available agent rings");
    browser(ANN).answer(call.sid());
    awaitOnCardEverywhere(call, ANN);
    awaitConnected(call, ANN);
    browser(ANN).dragMyCallToLot();
    awaitParkedEverywhere(call);
    browser(ANN).dragParkedCallTo(call.sid(), ANN);
    awaitOnCardEverywhere(call, ANN);
    awaitConnected(call, ANN);
    phase("single-agent-retrieved");
    browser(ANN).hangUp(call.sid());
    call.awaitEnd(WAIT).await();
    Eventually.until("the call gone from every board", WAIT,
        () -> browsers.values().stream().noneMatch(b -> b.board().showsCallAnywhere(call.sid())));
    assertNoConsoleErrors();
  }

  @Test
  @Order(1)
  void annParksByDraggingAndBenTakesTheCallByDraggingItOntoHisCard() {
    SimCall call = answeredBy(ANN);
    phase("ann-on-a-call");

    browser(ANN).dragMyCallToLot();
    Duration parked = awaitParkedEverywhere(call);
    assertWithin(ONE_SECOND.multipliedBy(2), parked, "the park reaching every board");
    call.awaitEvent("conference-joined", WAIT).await();
    Eventually.until("ann is free again on every board", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().callOf(ANN) == null && "available".equals(b.board().status(ANN))));
    awaitSameBoardEverywhere();
    phase("parked-by-ann");

    browser(BEN).dragParkedCallTo(call.sid(), BEN);
    awaitOnCardEverywhere(call, BEN);
    awaitConnected(call, BEN);
    Eventually.until("the lot is empty on every board", WAIT,
        () -> browsers.values().stream().noneMatch(b -> b.board().showsParked(call.sid())));
    awaitSameBoardEverywhere();
    phase("taken-by-ben");

    // phase 1.5 and scenario 4: the agent ends the call; everyone sees him available within a second
    browser(BEN).hangUp(call.sid());
    Duration freed = Eventually.until("ben available and the call gone on every board", WAIT, () ->
        browsers.values().stream().allMatch(b -> "available".equals(b.board().status(BEN))
            && !b.board().showsCallAnywhere(call.sid())));
    assertWithin(ONE_SECOND, freed, "ben being shown available again");
    call.awaitEnd(WAIT).await();
    assertNoConsoleErrors();
  }

  @Test
  @Order(2)
  void aCallParkedAndTakenAlongTheChainAnnBenCatEndsWithCat() {
    SimCall call = answeredBy(ANN);
    browser(ANN).pressParkKey();
    awaitParkedEverywhere(call);
    browser(BEN).dragParkedCallTo(call.sid(), BEN);
    awaitOnCardEverywhere(call, BEN);
    awaitConnected(call, BEN);
    phase("chain-at-ben");

    browser(BEN).element("park-" + call.sid()).click();
    awaitParkedEverywhere(call);
    browser(CAT).dragParkedCallTo(call.sid(), CAT);
    awaitOnCardEverywhere(call, CAT);
    awaitConnected(call, CAT);
    awaitSameBoardEverywhere();
    phase("chain-at-cat");
    assertTrue(call.isLive(), "the caller stayed on the line through the whole chain");
    assertNoConsoleErrors();
  }

  @Test
  @Order(3)
  void aParkedCallIsRetrievedWhileANewCallRingsAndBothEndUpWithDifferentAgents() {
    SimCall first = answeredBy(ANN);
    browser(ANN).dragMyCallToLot();
    awaitParkedEverywhere(first);

    SimCall second = ring();
    awaitRinging(second, BEN, CAT);
    browser(ANN).dragParkedCallTo(first.sid(), ANN);
    browser(BEN).answer(second.sid());
    awaitOnCardEverywhere(first, ANN);
    awaitOnCardEverywhere(second, BEN);
    awaitConnected(first, ANN);
    awaitConnected(second, BEN);
    awaitSameBoardEverywhere();
    phase("retrieved-while-ringing");
    assertNoConsoleErrors();
  }

  @Test
  @Order(4)
  void parkingDuringARingKeepsBothCallsStraight() {
    SimCall first = answeredBy(ANN);
    SimCall second = ring();
    awaitRinging(second, BEN, CAT);
    assertFalse(browser(ANN).board().ringsMe(second.sid()), "an agent on a call is not offered a new one");

    browser(ANN).dragMyCallToLot();
    awaitParkedEverywhere(first);
    assertTrue(browser(BEN).board().ringsMe(second.sid()), "the ring went on while ann parked");
    browser(BEN).answer(second.sid());
    awaitOnCardEverywhere(second, BEN);
    awaitConnected(second, BEN);
    assertTrue(browser(CAT).board().parkedCall(first.sid()).isPresent(), "the parked call is still in the lot");
    awaitSameBoardEverywhere();
    phase("parked-during-ring");
    assertNoConsoleErrors();
  }

  @Test
  @Order(5)
  void aCallerWhoHangsUpWhileParkedLeavesEveryBoardWithinOneSecond() {
    SimCall call = answeredBy(CAT);
    browser(CAT).dragMyCallToLot();
    awaitParkedEverywhere(call);
    call.hangUp().await();
    Duration gone = Eventually.until("the parked call gone from every board", WAIT,
        () -> browsers.values().stream().noneMatch(b -> b.board().showsCallAnywhere(call.sid())));
    assertWithin(ONE_SECOND, gone, "the hung-up call leaving the lot");
    phase("parked-caller-hung-up");
    assertNoConsoleErrors();
  }

  @Test
  @Order(6)
  void threeAgentsParkTheirCallsAtOnceAndEachTakesAnothersCall() {
    SimCall annCall = answeredBy(ANN);
    SimCall benCall = answeredBy(BEN);
    SimCall catCall = answeredBy(CAT);
    Map<String, SimCall> calls = Map.of(ANN, annCall, BEN, benCall, CAT, catCall);
    long at = System.currentTimeMillis() + 300;
    calls.forEach((agent, call) -> browser(agent).driver().executeScript(
        "setTimeout(() => document.querySelector('[data-testid=\"park-' + arguments[0] + '\"]').click(),"
            + " arguments[1] - Date.now());", call.sid(), at));
    calls.values().forEach(this::awaitParkedEverywhere);
    phase("three-parked");
    // parked at once, they hold spots 1, 2 and 3, each shown with the same number on every board
    Map<String, String> spots = new TreeMap<>();
    browser(ANN).board().parked().forEach(p -> spots.put(p.callSid(), p.spot()));
    assertEquals(Set.of("Spot 1", "Spot 2", "Spot 3"), Set.copyOf(spots.values()), "three distinct spots: " + spots);
    for (String agent : List.of(BEN, CAT)) {
      Map<String, String> seen = new TreeMap<>();
      browser(agent).board().parked().forEach(p -> seen.put(p.callSid(), p.spot()));
      assertEquals(spots, seen, agent + "'s board shows the same spots");
    }

    // a clean swap: ann takes ben's, ben takes cat's, cat takes ann's (each with the Take button)
    Map<String, SimCall> takes = Map.of(ANN, benCall, BEN, catCall, CAT, annCall);
    takes.forEach((agent, call) -> {
      String parkedId = browser(agent).board().parkedCall(call.sid()).orElseThrow().parkedId();
      browser(agent).element("take-" + parkedId).click();
    });
    takes.forEach((agent, call) -> {
      awaitOnCardEverywhere(call, agent);
      awaitConnected(call, agent);
    });
    awaitSameBoardEverywhere();
    assertEquals(List.of(), browser(ANN).board().parked(), "the lot is empty");
    phase("three-swapped");
    assertNoConsoleErrors();
  }

  @Test
  @Order(7)
  void aCallParkedByAnAgentWhoSignsOutStaysParkedForEveryoneElse() {
    SimCall call = answeredBy(ANN);
    browser(ANN).dragMyCallToLot();
    awaitParkedEverywhere(call);
    browser(ANN).element("logout").click();
    browser(ANN).waitFor("the login page", () -> !browser(ANN).driver().findElements(AgentBrowser.testId("login-email"))
        .isEmpty());
    AgentBrowser ann = browsers.remove(ANN);
    try {
      Eventually.until("ann offline on the other boards", WAIT, () -> browsers.values().stream()
          .allMatch(b -> "offline".equals(b.board().status(ANN))));
      assertTrue(browsers.values().stream().allMatch(b -> b.board().parkedCall(call.sid()).isPresent()),
          "the call ann parked is still in everyone's lot");
      phase("ann-signed-out-call-still-parked");
      browser(CAT).dragParkedCallTo(call.sid(), CAT);
      awaitOnCardEverywhere(call, CAT);
      awaitConnected(call, CAT);
    } finally {
      ann.signInThroughLoginPage();
      browsers.put(ANN, ann);
    }
    awaitAllAvailableButBusy(CAT);
    assertNoConsoleErrors();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private void awaitAllAvailableButBusy(String busy) {
    Eventually.until("everyone but " + busy + " available on every board", WAIT, () -> browsers.values().stream()
        .allMatch(b -> browsers.keySet().stream().allMatch(id -> (id.equals(busy) ? "busy" : "available")
            .equals(b.board().status(id)))));
  }

  /** A new call, answered by {@code agentId} in the page and connected to its phone. */
  private SimCall answeredBy(String agentId) {
    SimCall call = system.call(E2eSystem.newCaller());
    awaitRinging(call, agentId);
    browser(agentId).answer(call.sid());
    awaitOnCardEverywhere(call, agentId);
    awaitConnected(call, agentId);
    return call;
  }

  /** Waits until every board shows the call parked (confirmed by the server); returns how long that took. */
  private Duration awaitParkedEverywhere(SimCall call) {
    return Eventually.until("every board shows " + call.sid() + " parked", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().parkedCall(call.sid()).isPresent()));
  }
}
