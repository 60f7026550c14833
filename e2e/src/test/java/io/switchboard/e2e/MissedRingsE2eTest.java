package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent who is not at its phone stops being rung (issue 20, FreeSWITCH's max-no-answer): with
 * the limit at two, two calls that ring ann out to voicemail put her away with the reason "missed
 * calls" on every board, her own page tells her what happened, and she is back when she says so.
 */
class MissedRingsE2eTest extends BrowserE2eTest {
  private static final int LIMIT = 2;
  private static final Duration RANG_OUT = E2eSystem.scaled(E2eSystem.RING_TIMEOUT_SECONDS * 2);

  @Override
  protected Map<String, String> settings() {
    return Map.of("SWITCHBOARD_MAX_MISSED_RINGS", Integer.toString(LIMIT));
  }

  @Override
  protected List<String> agents() {
    return List.of(ANN, BEN);
  }

  @Test
  void twoUnansweredRingsPutAnnAwayForMissedCallsOnEveryBoardUntilSheIsBack() {
    setStatus(BEN, "away"); // only ann is rung
    for (int i = 1; i <= LIMIT; i++) {
      SimCall call = ring();
      awaitRinging(call, ANN);
      // the ring timeout is 10 s of real time (E2eSystem): wait for it, and as long again
      Eventually.until("call " + i + " rang out to voicemail on every board", RANG_OUT,
          () -> browsers.values().stream().allMatch(b -> !b.board().showsIncoming(call.sid())));
      if (i < LIMIT) {
        assertEquals("available", browser(BEN).board().status(ANN), "one miss is below the limit");
      }
    }
    Eventually.until("every board shows ann away for missed calls", WAIT, () -> browsers.values().stream()
        .allMatch(b -> "away".equals(b.board().status(ANN))
            && b.element("agent-idle-" + ANN).getText().contains("Away: missed calls")));
    browser(ANN).waitFor("ann is told why", () -> browser(ANN).board().toastContains("missed 2 calls in a row"));

    // Nobody is rung now: the next caller hears the voicemail prompt at once, not after ann's ring
    // timeout (10 s of real time).
    SimCall notRung = system.call(E2eSystem.newCaller());
    Eventually.until("a caller with nobody available goes to voicemail at once", Duration.ofSeconds(5),
        () -> notRung.heard().stream().anyMatch(t -> t.contains("leave a message")));
    assertTrue(browsers.values().stream().noneMatch(b -> b.board().showsIncoming(notRung.sid())));

    browser(ANN).element("status-switch").click();
    Eventually.until("every board shows ann available again", WAIT, () -> browsers.values().stream()
        .allMatch(b -> "available".equals(b.board().status(ANN))
            && b.element("agent-idle-" + ANN).getText().contains("Ready for calls")));
    assertNoConsoleErrors();
  }
}
