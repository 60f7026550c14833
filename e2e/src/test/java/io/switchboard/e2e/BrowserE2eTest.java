package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.admin.DemoDirectory;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.SimCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One running system per test class, one signed-in Chromium per agent, shared by the class's tests
 * (which run in order, each leaving the board empty for the next). Every test's failure saves a
 * screenshot of every agent's page; {@link #phase} saves one full-board screenshot per phase. All under
 * {@code e2e/target/screenshots/<class>/}.
 */
@ExtendWith(PgTestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class BrowserE2eTest {
  public static final String ANN = "ann";
  public static final String BEN = "ben";
  public static final String CAT = "cat";
  protected static final Duration WAIT = Duration.ofSeconds(10);
  /** The seed notes' promise: every change reaches every board within one second. */
  protected static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /**
   * Console errors a page may log: Chromium reports every non-2xx fetch as a resource load error, and a
   * lost answer race is a 409 on the claim by design (the page turns it into the "already answered"
   * toast). A decline that arrives after the call stopped ringing is a 409 the page ignores on purpose.
   */
  protected static final Pattern CLAIM_CONFLICT = Pattern.compile(
      "^http://127\\.0\\.0\\.1:\\d+/api/calls/CA[0-9a-f]{32}/claim - Failed to load resource: the server responded"
          + " with a status of 409 \\(Conflict\\)$");
  protected static final Pattern DECLINE_CONFLICT = Pattern.compile(
      "^http://127\\.0\\.0\\.1:\\d+/api/calls/CA[0-9a-f]{32}/decline - Failed to load resource: the server responded"
          + " with a status of 409 \\(Conflict\\)$");

  protected E2eSystem system;
  protected final Map<String, AgentBrowser> browsers = new LinkedHashMap<>();
  private final AtomicInteger phases = new AtomicInteger();

  /** On a failure, before the board is cleaned up: every agent's page, what it shows, and the board's deltas. */
  @RegisterExtension
  final AfterTestExecutionCallback evidenceOnFailure = context -> {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    String test = context.getRequiredTestMethod().getName();
    StringBuilder report = new StringBuilder();
    browsers.forEach((id, b) -> {
      b.screenshot(dir().resolve("FAILED-" + test + "-" + id + ".png"));
      report.append("== ").append(id).append(": ").append(b.describe()).append("\n");
    });
    report.append("== board deltas\n");
    system.recentBoardDeltas().forEach(d -> report.append(d).append('\n'));
    Files.createDirectories(dir());
    Files.writeString(dir().resolve("FAILED-" + test + ".txt"), report);
  };

  /** Settings this class changes (default: none). */
  protected Map<String, String> settings() {
    return Map.of();
  }

  /** The agents whose browsers are open before the first test. */
  protected List<String> agents() {
    return List.of(ANN, BEN, CAT);
  }

  @BeforeAll
  void startSystem(TestDatabase db) throws IOException {
    // this run's screenshots only
    if (Files.isDirectory(dir())) {
      try (var files = Files.list(dir())) {
        files.forEach(f -> f.toFile().delete());
      }
    }
    system = E2eSystem.start(db, settings());
    agents().forEach(this::openBrowser);
    awaitAllAvailable();
  }

  @AfterAll
  void stopSystem() {
    browsers.values().forEach(AgentBrowser::close);
    browsers.clear();
    if (system != null) {
      system.close();
    }
  }

  @BeforeEach
  void markConsoles() {
    browsers.values().forEach(AgentBrowser::markConsole);
  }

  /** After each test: no caller left, every board empty and every open agent available again. */
  @AfterEach
  void leaveTheBoardEmpty() {
    for (SimCall call : system.sim.calls()) {
      if (call.isLive() && call.parentCallSid() == null) {
        call.hangUp().await();
      }
    }
    // an agent a test set away is back to available for the next test
    browsers.forEach((id, b) -> {
      if ("away".equals(b.board().status(id))) {
        b.element("status-switch").click();
      }
    });
    Eventually.until("every board empty and every agent available", WAIT, () -> browsers.values().stream()
        .allMatch(b -> {
          PageBoard page = b.board();
          return page.incoming().isEmpty() && page.active().isEmpty() && page.parked().isEmpty()
              && browsers.keySet().stream().allMatch(id -> "available".equals(page.status(id)));
        }));
    browsers.values().forEach(BrowserE2eTest::dismissToasts);
  }

  protected AgentBrowser openBrowser(String agentId) {
    DemoDirectory.Login login = DemoDirectory.LOGINS.stream().filter(l -> l.id().equals(agentId)).findFirst()
        .orElseThrow();
    AgentBrowser browser = AgentBrowser.signIn(system.baseUrl, login);
    browsers.put(agentId, browser);
    return browser;
  }

  protected void closeBrowser(String agentId) {
    AgentBrowser browser = browsers.remove(agentId);
    if (browser != null) {
      browser.close();
    }
  }

  protected AgentBrowser browser(String agentId) {
    return browsers.get(agentId);
  }

  /** Switches {@code agentId} to {@code status} on its own page and waits until every board shows it. */
  protected void setStatus(String agentId, String status) {
    AgentBrowser b = browser(agentId);
    if (!status.equals(b.board().status(agentId))) {
      b.element("status-switch").click();
    }
    Eventually.until("every board shows " + agentId + " " + status, WAIT,
        () -> browsers.values().stream().allMatch(x -> status.equals(x.board().status(agentId))));
  }

  protected void awaitAllAvailable() {
    Eventually.until("every open agent available on every board", WAIT, () -> browsers.values().stream()
        .allMatch(b -> browsers.keySet().stream().allMatch(id -> "available".equals(b.board().status(id)))));
  }

  /** A new caller dials the demo number; returns its PSTN CallSid once every open board shows it ringing. */
  protected SimCall ring() {
    SimCall call = system.call(E2eSystem.newCaller());
    Eventually.until("every board shows " + call.sid() + " ringing", WAIT,
        () -> browsers.values().stream().allMatch(b -> b.board().showsIncoming(call.sid())));
    return call;
  }

  /** Waits until {@code agentIds}' pages offer Answer for the call. */
  protected void awaitRinging(SimCall call, String... agentIds) {
    for (String id : agentIds) {
      browser(id).waitFor(call.sid() + " rings me", () -> browser(id).board().ringsMe(call.sid()));
    }
  }

  /** Waits until {@code agentId}'s card shows {@code call} as its call on every board. */
  protected void awaitOnCardEverywhere(SimCall call, String agentId) {
    Eventually.until("every board shows " + call.sid() + " on " + agentId + "'s card", WAIT,
        () -> browsers.values().stream().allMatch(b -> call.sid().equals(b.board().callOf(agentId))));
  }

  /** telephony-sim has the caller connected to {@code agentId}'s phone (the browser accepted the leg). */
  protected void awaitConnected(SimCall call, String agentId) {
    Eventually.until("the caller " + call.sid() + " connected to " + agentId + "'s phone", WAIT, () -> {
      SimCall leg = system.sim.device(agentId).currentCall();
      return leg != null && leg.isLive() && call.sid().equals(leg.parentCallSid());
    });
  }

  /** Every open board shows the same thing (statuses, calls on cards, ringing, parked, voicemails). */
  protected void awaitSameBoardEverywhere() {
    Eventually.until("every board shows the same board", WAIT, () -> {
      List<PageBoard.Shared> views = new ArrayList<>();
      browsers.values().forEach(b -> views.add(b.board().shared()));
      return views.stream().distinct().count() == 1;
    });
  }

  /** One full-board screenshot of this phase (the first open agent's page). */
  protected void phase(String name) {
    AgentBrowser first = browsers.values().iterator().next();
    first.screenshot(dir().resolve(String.format("%02d-%s.png", phases.incrementAndGet(), name)));
  }

  protected void assertNoConsoleErrors(Pattern... allowed) {
    for (AgentBrowser b : browsers.values()) {
      List<String> errors = b.unexpectedConsoleErrors(List.of(allowed));
      assertEquals(List.of(), errors, b.agentId() + "'s console has errors");
    }
  }

  protected static void assertWithin(Duration limit, Duration took, String what) {
    assertTrue(took.compareTo(limit) <= 0, what + " took " + took.toMillis() + " ms (limit " + limit.toMillis() + ")");
  }

  private Path dir() {
    return Path.of("target", "screenshots", getClass().getSimpleName());
  }

  private static void dismissToasts(AgentBrowser b) {
    b.driver().executeScript("document.querySelectorAll('.toast-close').forEach((x) => x.click());");
  }
}
