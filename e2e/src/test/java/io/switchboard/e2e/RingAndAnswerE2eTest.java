package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Phases 1, 2 and 4.2 of the simultaneous-ring plan (seed 000) in three real browsers: every available
 * agent rings, the first answer wins, the others' rings clear with "another agent already answered",
 * races and answer spam produce one winner and no console errors, declines and silence go to voicemail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RingAndAnswerE2eTest extends BrowserE2eTest {
  private static final String LOST = "another agent already answered";

  @Test
  @Order(1)
  void twoAvailableAgentsRingTogetherAndTheFirstAnswerTakesTheCall() {
    setStatus(CAT, "away");
    SimCall call = ring();
    awaitRinging(call, ANN, BEN);
    assertFalse(browser(CAT).board().ringsMe(call.sid()), "an away agent is not offered the call");
    assertFalse(browser(ANN).board().incoming(call.sid()).orElseThrow().text().contains("Cat Agent"),
        "the away agent is not listed as rung");
    phase("two-agents-ringing");

    browser(ANN).answer(call.sid());
    Duration cleared = Eventually.until("ben's ring clears and he is told another agent answered", WAIT, () -> {
      PageBoard ben = browser(BEN).board();
      return !ben.ringsMe(call.sid()) && ben.toastContains(LOST);
    });
    assertWithin(ONE_SECOND, cleared, "ben's ring clearing");
    awaitOnCardEverywhere(call, ANN);
    awaitConnected(call, ANN);
    assertTimerRuns(ANN);
    assertTrue(browser(BEN).board().toasts().stream().anyMatch(t -> t.contains("Ann Agent")),
        "the toast names who took the call: " + browser(BEN).board().toasts());
    awaitSameBoardEverywhere();
    assertEquals("Ann Agent", browser(BEN).board().names().get(ANN), "ann's card keeps her name once she is busy");
    phase("ann-answered");
    assertNoConsoleErrors();
    setStatus(CAT, "available");
  }

  @Test
  @Order(2)
  void threeAgentsRingTogetherAndBothOthersAreToldWithinOneSecond() {
    SimCall call = ring();
    awaitRinging(call, ANN, BEN, CAT);
    phase("three-agents-ringing");
    browser(BEN).answer(call.sid());
    Duration cleared = Eventually.until("ann's and cat's rings clear with the message", WAIT, () ->
        Stream.of(ANN, CAT).map(id -> browser(id).board())
            .allMatch(b -> !b.ringsMe(call.sid()) && b.toastContains(LOST)));
    assertWithin(ONE_SECOND, cleared, "the other rings clearing");
    awaitOnCardEverywhere(call, BEN);
    awaitConnected(call, BEN);
    awaitSameBoardEverywhere();
    phase("ben-answered");
    assertNoConsoleErrors();
  }

  @Test
  @Order(3)
  void theSecondAgentToAnswerASecondLaterIsToldTheCallIsTaken() {
    SimCall call = ring();
    awaitRinging(call, ANN, BEN);
    browser(BEN).answer(call.sid());
    // Ann clicks a second later if her button is still there: either way she must not get the call
    sleep(Duration.ofSeconds(1));
    if (browser(ANN).board().ringsMe(call.sid())) {
      browser(ANN).answer(call.sid());
    }
    awaitOnCardEverywhere(call, BEN);
    browser(ANN).waitFor("told the call is taken", () -> browser(ANN).board().toastContains(LOST));
    awaitConnected(call, BEN);
    assertNoConsoleErrors(CLAIM_CONFLICT);
  }

  @Test
  @Order(4)
  void twoAgentsClickingAnswerAtTheSameInstantGiveOneWinner() {
    SimCall call = ring();
    awaitRinging(call, ANN, BEN, CAT);
    long at = System.currentTimeMillis() + 400;
    browser(ANN).scheduleAnswerClicks(call.sid(), at, 1, 0);
    browser(BEN).scheduleAnswerClicks(call.sid(), at, 1, 0);
    String winner = awaitOneWinner(call);
    awaitConnected(call, winner);
    String loser = ANN.equals(winner) ? BEN : ANN;
    browser(loser).waitFor("told the call is taken", () -> browser(loser).board().toastContains(LOST));
    phase("race-one-winner");
    assertNoConsoleErrors(CLAIM_CONFLICT);
  }

  @Test
  @Order(5)
  void everyAgentSpammingAnswerTenTimesGivesOneWinnerAndNoErrors() {
    SimCall call = ring();
    awaitRinging(call, ANN, BEN, CAT);
    long at = System.currentTimeMillis() + 400;
    for (String id : List.of(ANN, BEN, CAT)) {
      browser(id).scheduleAnswerClicks(call.sid(), at, 10, 15);
    }
    String winner = awaitOneWinner(call);
    awaitConnected(call, winner);
    // the spam is over well after the last scheduled click; the winner still has the one call
    sleep(Duration.ofMillis(500));
    assertEquals(winner, winnerOn(browser(ANN).board(), call), "the winner never changes");
    for (String id : List.of(ANN, BEN, CAT)) {
      if (!id.equals(winner)) {
        browser(id).waitFor("told the call is taken", () -> browser(id).board().toastContains(LOST));
        assertNotConnected(call, id);
      }
    }
    awaitConnected(call, winner);
    awaitSameBoardEverywhere();
    phase("spam-one-winner");
    assertNoConsoleErrors(CLAIM_CONFLICT);
  }

  @Test
  @Order(6)
  void allAgentsDecliningSendsTheCallerToVoicemailOnEveryBoard() {
    SimCall call = ring();
    String from = call.from();
    awaitRinging(call, ANN, BEN, CAT);
    for (String id : List.of(ANN, BEN, CAT)) {
      browser(id).decline(call.sid());
    }
    // sent there by the declines, not by the ring timing out
    Eventually.until("the caller hears the voicemail prompt well before the ring timeout",
        E2eSystem.scaled(E2eSystem.RING_TIMEOUT_SECONDS / 2.0),
        () -> call.heard().stream().anyMatch(t -> t.toLowerCase().contains("message")));
    // the caller hears the voicemail prompt, records, and the message shows on every board
    call.awaitEvent("recorded", WAIT).await();
    Eventually.until("every board shows the voicemail of " + from, WAIT, () ->
        browsers.values().stream().allMatch(b -> b.board().voicemailFrom(from).isPresent()));
    assertTrue(call.heard().stream().anyMatch(t -> t.toLowerCase().contains("message")),
        "the caller was asked to leave a message: " + call.heard());
    awaitSameBoardEverywhere();
    phase("all-declined-voicemail");
    assertNoConsoleErrors(DECLINE_CONFLICT);
  }

  @Test
  @Order(7)
  void nobodyAnsweringSendsTheCallerToVoicemailOnEveryBoard() {
    SimCall call = ring();
    String from = call.from();
    awaitRinging(call, ANN, BEN, CAT);
    Eventually.until("the ring times out on every board", WAIT.plus(E2eSystem.scaled(E2eSystem.RING_TIMEOUT_SECONDS)),
        () -> browsers.values().stream().noneMatch(b -> b.board().showsIncoming(call.sid())));
    call.awaitEvent("recorded", WAIT).await();
    Eventually.until("every board shows the voicemail of " + from, WAIT, () ->
        browsers.values().stream().allMatch(b -> b.board().voicemailFrom(from).isPresent()));
    awaitSameBoardEverywhere();
    phase("no-answer-voicemail");
    assertNoConsoleErrors();
  }

  @Test
  @Order(8)
  void oneAgentDecliningAndAnotherAnsweringConnectsTheOther() {
    SimCall call = ring();
    awaitRinging(call, ANN, BEN);
    browser(ANN).decline(call.sid());
    browser(ANN).waitFor("my ring cleared", () -> !browser(ANN).board().ringsMe(call.sid()));
    assertTrue(browser(BEN).board().ringsMe(call.sid()), "ben still rings after ann declined");
    browser(BEN).answer(call.sid());
    awaitOnCardEverywhere(call, BEN);
    awaitConnected(call, BEN);
    awaitSameBoardEverywhere();
    phase("declined-then-answered");
    assertNoConsoleErrors();
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** Waits until the call sits on exactly one agent's card on every board, and returns that agent. */
  private String awaitOneWinner(SimCall call) {
    Eventually.until("one agent holds " + call.sid() + " on every board", WAIT, () -> {
      Set<String> winners = browsers.values().stream().map(b -> winnerOn(b.board(), call)).collect(Collectors.toSet());
      return winners.size() == 1 && !winners.contains(null);
    });
    String winner = winnerOn(browser(ANN).board(), call);
    assertNotEquals(null, winner);
    return winner;
  }

  private static String winnerOn(PageBoard board, SimCall call) {
    List<String> holders = board.active().stream().filter(a -> call.sid().equals(a.callSid()))
        .map(PageBoard.Active::agentId).toList();
    if (holders.size() > 1) {
      throw new AssertionError("two agents hold " + call.sid() + ": " + holders);
    }
    return holders.isEmpty() ? null : holders.get(0);
  }

  /** No leg of {@code call} is live on this agent's phone: the caller was never bridged to a loser. */
  private void assertNotConnected(SimCall call, String agentId) {
    SimCall leg = system.sim.device(agentId).currentCall();
    assertTrue(leg == null || !leg.isLive() || !call.sid().equals(leg.parentCallSid()),
        agentId + "'s phone is connected to " + call.sid() + " though " + agentId + " lost the claim");
  }

  private void assertTimerRuns(String agentId) {
    String first = browser(agentId).board().activeOf(agentId).orElseThrow().timer();
    assertTrue(first != null && first.matches("\\d+:\\d{2}"), "a call timer shows: " + first);
    browser(agentId).waitFor("the call timer advances", () ->
        !first.equals(browser(agentId).board().activeOf(agentId).orElseThrow().timer()));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
