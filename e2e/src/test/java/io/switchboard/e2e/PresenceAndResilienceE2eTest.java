package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Phase 4 of the simultaneous-ring plan (seed 000: rapid sequential calls, network interruption) and the
 * shared board of seed 003 under stress: calls in quick succession leave nothing behind, a closed tab takes
 * its agent offline (and out of the ring) after the grace period, and a browser that loses its network comes
 * back to the true board.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceAndResilienceE2eTest extends BrowserE2eTest {
  /**
   * What a page logs while its network is cut: the SockJS client's reconnect probes (and any API request
   * made meanwhile) fail to load, by design of the test. Nothing else is allowed.
   */
  private static final List<Pattern> OFFLINE_NOISE = List.of(Pattern.compile(
      "^http://127\\.0\\.0\\.1:\\d+/(eventbus/info\\?t=\\d+|api/[a-z/]+) - Failed to load resource:"
          + " net::ERR_INTERNET_DISCONNECTED$"));

  @Test
  @Order(1)
  void fiveCallsInARowFiveSecondsApartAreEachAnsweredByADifferentAgentWithNothingLeftBehind() {
    List<String> rotation = List.of(ANN, BEN, CAT, ANN, BEN);
    Map<String, SimCall> holding = new HashMap<>();
    List<SimCall> ended = new ArrayList<>();
    Duration apart = E2eSystem.scaled(5);
    long lastPlaced = 0;
    for (int i = 0; i < rotation.size(); i++) {
      String agent = rotation.get(i);
      // an agent takes a second call only once the first is over; the previous call stays up meanwhile
      SimCall previous = holding.remove(agent);
      if (previous != null) {
        browser(agent).hangUp(previous.sid());
        previous.awaitEnd(WAIT).await();
        ended.add(previous);
        Eventually.until(agent + " available on every board", WAIT, () -> browsers.values().stream()
            .allMatch(b -> "available".equals(b.board().status(agent))));
      }
      long wait = lastPlaced + apart.toMillis() - System.currentTimeMillis();
      if (wait > 0) {
        sleep(wait); // the scenario's own spacing between callers, not a synchronisation
      }
      lastPlaced = System.currentTimeMillis();
      SimCall call = ring();
      awaitRinging(call, agent);
      for (String busy : holding.keySet()) {
        assertFalse(browser(busy).board().ringsMe(call.sid()), busy + " is on a call and must not be offered another");
      }
      browser(agent).answer(call.sid());
      awaitOnCardEverywhere(call, agent);
      awaitConnected(call, agent);
      holding.put(agent, call);
      for (SimCall old : ended) {
        assertTrue(browsers.values().stream().noneMatch(b -> b.board().showsCallAnywhere(old.sid())),
            "an ended call " + old.sid() + " is still shown");
      }
      awaitSameBoardEverywhere();
      PageBoard page = browser(CAT).board();
      holding.forEach((holder, held) -> assertEquals(held.sid(), page.callOf(holder), holder + "'s card"));
      assertEquals(holding.size(), page.active().size(), "only the live calls are on cards: " + page.active());
      phase("sequential-call-" + (i + 1) + "-" + agent);
    }
    assertNoConsoleErrors();
  }

  @Test
  @Order(2)
  void anAgentWhoseTabClosesGoesOfflineAfterTheGracePeriodAndIsNotRung() {
    closeBrowser(CAT);
    long closedAt = System.nanoTime();
    Duration grace = Duration.ofSeconds(E2eSystem.PRESENCE_GRACE_SECONDS);
    // not before the grace period: a reload or a blip must not take an agent offline
    Eventually.holds("cat still shown available during the grace period", grace.minusMillis(500),
        () -> browsers.values().stream().allMatch(b -> "available".equals(b.board().status(CAT))));
    Eventually.until("cat offline on every other board", WAIT, () -> browsers.values().stream()
        .allMatch(b -> "offline".equals(b.board().status(CAT))));
    Duration took = Duration.ofNanos(System.nanoTime() - closedAt);
    assertWithin(grace.plusSeconds(2), took, "cat going offline after the " + grace.toSeconds() + " s grace");
    phase("cat-offline");

    SimCall call = ring();
    awaitRinging(call, ANN, BEN);
    String rung = browser(ANN).board().incoming(call.sid()).orElseThrow().text();
    assertFalse(rung.contains("Cat Agent"), "an offline agent is not rung: " + rung);
    assertTrue(rung.contains("Ann Agent") && rung.contains("Ben Agent"), "both online agents are rung: " + rung);
    browser(BEN).answer(call.sid());
    awaitOnCardEverywhere(call, BEN);
    assertNoConsoleErrors();
    call.hangUp().await();

    // cat signs in again: available on every board, and rung again
    openBrowser(CAT);
    awaitAllAvailable();
  }

  @Test
  @Order(3)
  void aBrowserThatLosesItsNetworkReconnectsAndShowsTheTrueBoard() {
    SimCall annsCall = answeredBy(ANN);
    AgentBrowser ann = browser(ANN);
    ann.setOffline(true);
    assertTrue(ann.dropEventBusSocket() > 0, "ann's page had a live event-bus socket");
    ann.waitFor("the page notices it is not live", () -> !ann.board().live());
    phase("ann-offline");

    // meanwhile the board changes where ann cannot see it: a call rings, ben answers and parks it
    SimCall missed = system.call(E2eSystem.newCaller());
    for (String id : List.of(BEN, CAT)) {
      browser(id).waitFor("the missed call rings me", () -> browser(id).board().ringsMe(missed.sid()));
    }
    browser(BEN).answer(missed.sid());
    awaitConnected(missed, BEN);
    browser(BEN).element("park-" + missed.sid()).click();
    for (String id : List.of(BEN, CAT)) {
      browser(id).waitFor("the missed call parked", () -> browser(id).board().parkedCall(missed.sid()).isPresent());
    }
    assertFalse(ann.board().showsParked(missed.sid()), "ann's page cannot know yet");

    ann.setOffline(false);
    ann.awaitReady();
    awaitSameBoardEverywhere();
    PageBoard truth = ann.board();
    assertEquals(annsCall.sid(), truth.callOf(ANN), "ann's own call is still on her card");
    assertTrue(truth.parkedCall(missed.sid()).isPresent(), "the call parked while ann was offline is in her lot");
    assertNotEquals("offline", truth.status(ANN), "ann is back online");
    phase("ann-back");
    assertEquals(List.of(), ann.unexpectedConsoleErrors(OFFLINE_NOISE), "ann's console beyond the outage");
    for (String id : List.of(BEN, CAT)) {
      assertEquals(List.of(), browser(id).unexpectedConsoleErrors(List.of()), id + "'s console");
    }
  }

  /**
   * Seed 000, scenario 3: an agent wins the claim but its phone never connects (its audio connection died).
   * The caller must not be stranded: the ring times out into voicemail, every board shows it, and the agent
   * who won is not left holding a call that does not exist.
   */
  @Test
  @Order(4)
  void aWonCallWhosePhoneNeverConnectsEndsInVoicemailAndFreesTheAgent() {
    AgentBrowser ann = browser(ANN);
    SimCall call = ring();
    awaitRinging(call, ANN, BEN);
    ann.blockUrls("*/api/twilio/token*");
    assertTrue(ann.dropPhoneSocket() > 0, "ann's page had a phone socket");
    ann.answer(call.sid());
    // won but not taken by her phone: every board shows it on her card as ringing her (no call timer)
    Eventually.until("ann won: the call is on her card, ringing her, on every board", WAIT,
        () -> browsers.values().stream().allMatch(b -> b.board().activeOf(ANN)
            .filter(a -> call.sid().equals(a.callSid()) && a.pending() && a.timer() == null).isPresent()));
    phase("won-but-phone-dead");

    call.awaitEvent("recorded", WAIT.plus(E2eSystem.scaled(E2eSystem.RING_TIMEOUT_SECONDS))).await();
    Eventually.until("every board shows the voicemail and nobody holds the call", WAIT, () -> browsers.values()
        .stream().allMatch(b -> b.board().voicemailFrom(call.from()).isPresent()
            && b.board().callOf(ANN) == null && !b.board().showsCallAnywhere(call.sid())));
    assertTrue(call.heard().stream().anyMatch(t -> t.toLowerCase().contains("message")),
        "the caller was asked to leave a message: " + call.heard());
    phase("won-but-phone-dead-voicemail");

    ann.blockUrls();
    ann.awaitReady();
    awaitAllAvailable();
    assertEquals(List.of(), ann.unexpectedConsoleErrors(List.of(Pattern.compile(
        "^http://127\\.0\\.0\\.1:\\d+/api/twilio/token - Failed to load resource: net::ERR_BLOCKED_BY_CLIENT$"))),
        "ann's console beyond the blocked token requests");
  }

  private SimCall answeredBy(String agentId) {
    SimCall call = system.call(E2eSystem.newCaller());
    awaitRinging(call, agentId);
    browser(agentId).answer(call.sid());
    awaitOnCardEverywhere(call, agentId);
    awaitConnected(call, agentId);
    return call;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
