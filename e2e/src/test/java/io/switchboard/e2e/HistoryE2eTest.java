package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Call history in real browsers: a finished call is found on the history page and its timeline read
 * in order; when the same caller calls again, every ringing card shows who is calling (the screen-pop)
 * before anyone answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryE2eTest extends BrowserE2eTest {
  private static final String CALLER = "+15553330001";
  private String firstCall;

  @Override
  protected List<String> agents() {
    return List.of(ANN, BEN);
  }

  @Test
  @Order(1)
  void aFinishedCallIsOnTheHistoryPageWithItsTimelineInOrder() {
    SimCall call = system.call(CALLER);
    firstCall = call.sid();
    awaitRinging(call, ANN, BEN);
    browser(ANN).answer(call.sid());
    awaitOnCardEverywhere(call, ANN);
    awaitConnected(call, ANN);
    call.hangUp().await();
    Eventually.until("the call leaves every board", WAIT, () -> browsers.values().stream()
        .allMatch(b -> b.board().active().isEmpty() && b.board().incoming().isEmpty()));

    // Ann's page (the one a phase screenshot shows) reads the history; Ben is on the same org's history too.
    AgentBrowser reader = browser(ANN);
    reader.element("open-history").click();
    reader.waitFor("the call in the results", () -> !reader.elements("history-row-" + call.sid()).isEmpty());
    String row = reader.element("history-row-" + call.sid()).getText();
    assertTrue(row.contains(CALLER) && row.contains("Answered") && row.contains("Ann Agent"), row);
    reader.element("history-row-" + call.sid()).click();
    reader.waitFor("the timeline", () -> reader.elements("timeline-event").stream()
        .anyMatch(e -> "ended".equals(e.getDomAttribute("data-type"))));
    List<String> types = reader.elements("timeline-event").stream().map(e -> e.getDomAttribute("data-type")).toList();
    assertEquals(List.of("arrived", "ring_start", "answered", "connected", "ended"), types);
    String text = reader.element("timeline").getText();
    assertTrue(text.contains("Ann Agent took the call") && text.contains("Connected to Ann Agent"), text);
    phase("history-timeline");

    reader.element("history-outcome").findElement(By.cssSelector("option[value=voicemail]")).click();
    reader.element("history-search").click();
    reader.waitFor("no voicemail calls", () -> reader.elements("history-row-" + call.sid()).isEmpty()
        && reader.element("history-results").getText().contains("No calls match"));
    reader.element("history-close").click();
    reader.waitFor("the board again", () -> reader.elements("history").isEmpty());
    assertNoConsoleErrors();
  }

  @Test
  @Order(2)
  void theSameCallerRingingAgainShowsItsPreviousCallOnEveryRingingCard() {
    SimCall again = system.call(CALLER);
    awaitRinging(again, ANN, BEN);
    for (String id : List.of(ANN, BEN)) {
      AgentBrowser b = browser(id);
      b.waitFor("the screen-pop", () -> !b.elements("screen-pop-" + again.sid()).isEmpty());
      WebElement pop = b.element("screen-pop-" + again.sid());
      assertEquals("1", pop.getDomAttribute("data-previous-calls"));
      assertTrue(pop.getText().contains("1 previous call") && pop.getText().contains("answered with Ann Agent"),
          id + ": " + pop.getText());
    }
    phase("screen-pop");
    again.hangUp().await();
    assertTrue(firstCall != null);
    assertNoConsoleErrors();
  }
}
