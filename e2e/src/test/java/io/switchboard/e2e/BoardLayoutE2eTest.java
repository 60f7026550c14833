package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.SimCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 §4.2: the board works from 1024x768 up and uses a wide screen. Ben's page is looked at while a
 * toast is showing, two callers are live in the demo bar and three agents are on the board.
 */
class BoardLayoutE2eTest extends BrowserE2eTest {
  private static final Path SHOTS = Path.of("target", "screenshots");

  /** What does not fit, measured in the page: overflowing elements, cut labels, toasts over the counters. */
  private static final String LAYOUT = """
      const w = window.innerWidth;
      const strip = document.querySelector('.counters');
      const demo = document.querySelector('.demo');
      const grid = document.querySelector('.agent-grid');
      const name = (e) => e.tagName.toLowerCase() + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '')
          + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '');
      const overflowing = [];
      for (const root of [strip, demo].filter(Boolean)) {
        for (const e of [root, ...root.querySelectorAll('*')]) {
          const r = e.getBoundingClientRect();
          if (r.width > 0 && r.right > w + 0.5) overflowing.push(name(e) + ' right=' + Math.round(r.right));
        }
      }
      const cut = [...document.querySelectorAll('.counter-label')]
          .filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent);
      const s = strip.getBoundingClientRect();
      const toasts = [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.getBoundingClientRect());
      const overCounters = toasts.filter((t) => t.left < s.right && t.right > s.left && t.top < s.bottom && t.bottom > s.top)
          .map((t) => Math.round(t.left) + ',' + Math.round(t.top));
      return {
        innerWidth: w,
        pageWidth: document.documentElement.scrollWidth,
        demoBar: !!demo,
        toasts: toasts.length,
        overflowing,
        cut,
        overCounters,
        columns: getComputedStyle(grid).gridTemplateColumns.split(' ').filter((x) => x).length,
      };
      """;

  @Test
  void theBoardFitsAt1024x768AndFillsA1920WideScreenWithToastsAwayFromTheCounters() throws IOException {
    AgentBrowser ben = browser(BEN);

    SimCall first = ring();
    awaitRinging(first, ANN, BEN, CAT);
    browser(ANN).answer(first.sid());
    awaitOnCardEverywhere(first, ANN);
    ben.waitFor("ben told ann answered", () -> ben.board().toastContains("Ann Agent"));
    Map<String, Object> small = measure(ben, 1024, 768);
    ben.screenshot(shot("board-1024x768.png"));
    assertFits(small, 1024);

    SimCall second = ring();
    awaitRinging(second, BEN, CAT);
    browser(CAT).answer(second.sid());
    awaitOnCardEverywhere(second, CAT);
    ben.waitFor("ben told cat answered", () -> ben.board().toastContains("Cat Agent"));
    Map<String, Object> wide = measure(ben, 1920, 1080);
    ben.screenshot(shot("board-1920x1080.png"));
    assertFits(wide, 1920);
    assertTrue(((Number) wide.get("columns")).intValue() > 1, "at 1920 the agents grid uses more than one column: " + wide);

    ben.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    assertNoConsoleErrors(CLAIM_CONFLICT);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> measure(AgentBrowser b, int width, int height) {
    b.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    b.waitFor("the page laid out at " + width + " px",
        () -> ((Number) b.driver().executeScript("return window.innerWidth")).intValue() == width);
    // two frames: the new layout is painted before it is measured
    b.driver().executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    return (Map<String, Object>) b.driver().executeScript(LAYOUT);
  }

  private static void assertFits(Map<String, Object> m, int width) {
    assertEquals(width, ((Number) m.get("innerWidth")).intValue(), "viewport: " + m);
    assertTrue((Boolean) m.get("demoBar"), "the demo bar is shown: " + m);
    assertTrue(((Number) m.get("toasts")).intValue() > 0, "a toast is showing: " + m);
    assertEquals(List.of(), m.get("overflowing"), "nothing in the counter strip or demo bar runs off-screen at " + width);
    assertEquals(List.of(), m.get("cut"), "no counter label is cut at " + width);
    assertEquals(List.of(), m.get("overCounters"), "no toast covers the counters at " + width);
    assertTrue(((Number) m.get("pageWidth")).intValue() <= width, "the page does not scroll sideways: " + m);
  }

  private Path shot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    return SHOTS.resolve(name);
  }
}
