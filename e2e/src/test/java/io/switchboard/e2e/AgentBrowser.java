package io.switchboard.e2e;

import io.switchboard.bridge.admin.DemoDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One agent's own headless Chromium (its own profile directory, so its own cookies and storage), signed
 * in through the real login page, driven by the UI's {@code data-testid}s. Console messages are kept so a
 * test can assert the page logged no errors.
 */
public final class AgentBrowser implements AutoCloseable {
  public static final Duration PAGE_WAIT = Duration.ofSeconds(15);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Records every WebSocket the page opens, so a test can drop one as a network failure would. */
  private static final String SOCKET_TRACKER = """
      (() => {
        const Native = window.WebSocket;
        window.__sbSockets = [];
        window.__sbPhoneFrames = [];
        window.WebSocket = function (url, protocols) {
          const s = protocols === undefined ? new Native(url) : new Native(url, protocols);
          window.__sbSockets.push(s);
          if (String(url).includes('/sim/phone')) {
            // the phone's frames both ways, for failure reports
            s.addEventListener('message', (e) => window.__sbPhoneFrames.push('in  ' + e.data));
            const send = s.send.bind(s);
            s.send = (data) => { window.__sbPhoneFrames.push('out ' + data); return send(data); };
          }
          return s;
        };
        window.WebSocket.prototype = Native.prototype;
        Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
      })();
      """;

  public final DemoDirectory.Login login;
  private final ChromeDriver driver;
  private final Path profile;
  private final String baseUrl;
  private final List<LogEntry> console = new ArrayList<>();
  /** Console entries before this index belong to earlier tests. */
  private int consoleMark;

  private AgentBrowser(DemoDirectory.Login login, ChromeDriver driver, Path profile, String baseUrl) {
    this.login = login;
    this.driver = driver;
    this.profile = profile;
    this.baseUrl = baseUrl;
  }

  public String agentId() {
    return login.id();
  }

  /** Starts a fresh Chromium for {@code login}, opens the dashboard and signs in; waits until the board is live. */
  public static AgentBrowser signIn(String baseUrl, DemoDirectory.Login login) {
    AgentBrowser browser = open(baseUrl, login);
    try {
      browser.signInThroughLoginPage();
      return browser;
    } catch (RuntimeException | Error e) {
      browser.close();
      throw e;
    }
  }

  static AgentBrowser open(String baseUrl, DemoDirectory.Login login) {
    Path profile;
    try {
      profile = Files.createTempDirectory("sb-e2e-" + login.id() + "-");
    } catch (IOException e) {
      throw new IllegalStateException("no temp directory for the browser profile", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900",
        // timers of a page in the background must not be throttled: several agents share one machine
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    if (!Boolean.getBoolean("e2e.noTracker")) {
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_TRACKER));
    }
    return new AgentBrowser(login, driver, profile, baseUrl);
  }

  void signInThroughLoginPage() {
    driver.get(baseUrl + "/");
    waitFor("the login form", () -> !driver.findElements(testId("login-email")).isEmpty());
    driver.findElement(testId("login-email")).sendKeys(login.email());
    driver.findElement(testId("login-password")).sendKeys(login.password());
    driver.findElement(testId("login-submit")).click();
    awaitReady();
  }

  /** The board is live and the phone registered with telephony-sim. */
  public void awaitReady() {
    try {
      Eventually.until(login.id() + "'s board live and phone ready", PAGE_WAIT, () -> {
        PageBoard b = board();
        return b.live() && "ready".equals(b.phone());
      });
    } catch (AssertionError e) {
      screenshot(Path.of("target", "screenshots", "not-ready-" + login.id() + ".png"));
      throw new AssertionError(e.getMessage() + "; the page: " + describe(), e);
    }
  }

  /** What the page shows and logged, for a failure message. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    try {
      text.append(driver.getCurrentUrl()).append(' ').append(board());
    } catch (RuntimeException e) {
      text.append("(unreadable: ").append(e.getMessage()).append(')');
    }
    try {
      text.append("\n  phone frames: ").append(driver.executeScript("return window.__sbPhoneFrames || []"));
    } catch (RuntimeException ignored) {
      // the page is gone
    }
    consoleLog().forEach(entry -> text.append("\n  console ").append(entry.getLevel()).append(' ')
        .append(entry.getMessage()));
    return text.toString();
  }

  // ---- reading the page ------------------------------------------------------------------------

  public PageBoard board() {
    return PageBoard.from(driver.executeScript(PageBoard.SCRIPT));
  }

  public void waitFor(String what, BooleanSupplier condition) {
    Eventually.until(login.id() + ": " + what, PAGE_WAIT, condition);
  }

  public WebElement element(String testId) {
    return driver.findElement(testId(testId));
  }

  /** Every element with {@code testId} (none: an empty list). */
  public List<WebElement> elements(String testId) {
    return driver.findElements(testId(testId));
  }

  static By testId(String id) {
    return By.cssSelector("[data-testid=\"" + id + "\"]");
  }

  // ---- acting as the agent ---------------------------------------------------------------------

  public void answer(String callSid) {
    element("answer-" + callSid).click();
  }

  public void decline(String callSid) {
    element("decline-" + callSid).click();
  }

  /** Clicks Answer at {@code atEpochMs} (the machine's clock, shared by every browser), {@code times} times. */
  public void scheduleAnswerClicks(String callSid, long atEpochMs, int times, int everyMs) {
    driver.executeScript("""
        const [sid, at, times, every] = arguments;
        for (let i = 0; i < times; i++) {
          setTimeout(() => document.querySelector('[data-testid="answer-' + sid + '"]')?.click(),
              Math.max(0, at - Date.now()) + i * every);
        }
        """, callSid, atEpochMs, times, everyMs);
  }

  /** Drags my active call with the mouse (press, move, drop) onto the parking lot. */
  public void dragMyCallToLot() {
    drag(element("active-call-" + agentId()), element("parking-lot"));
  }

  /** Drags the parked card of {@code callSid} with the mouse onto {@code agentId}'s card. */
  public void dragParkedCallTo(String callSid, String agentId) {
    String parkedId = board().parkedCall(callSid).orElseThrow(() ->
        new AssertionError(login.id() + " does not show " + callSid + " parked")).parkedId();
    drag(element("parked-" + parkedId), element("agent-card-" + agentId));
  }

  private void drag(WebElement from, WebElement to) {
    // dnd-kit's pointer sensor starts a drag after 6 px of movement, then follows the pointer
    new Actions(driver)
        .moveToElement(from, -from.getSize().width / 4, 0)
        .clickAndHold()
        .pause(Duration.ofMillis(60))
        .moveByOffset(8, 8)
        .pause(Duration.ofMillis(60))
        .moveByOffset(8, 8)
        .pause(Duration.ofMillis(60))
        .moveToElement(to)
        .pause(Duration.ofMillis(120))
        .moveByOffset(2, 2)
        .pause(Duration.ofMillis(120))
        .release()
        .perform();
  }

  /** Presses P (park my active call) on the page. */
  public void pressParkKey() {
    driver.findElement(By.tagName("body")).sendKeys("p");
  }

  public void pressEscape() {
    driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
  }

  public void hangUp(String callSid) {
    element("hangup-" + callSid).click();
  }

  /** Drops the page's event-bus socket the way a network failure does (an abnormal close). */
  public int dropEventBusSocket() {
    Object closed = driver.executeScript("""
        const live = (window.__sbSockets || []).filter((s) => s.url.includes('/eventbus') && s.readyState <= 1);
        live.forEach((s) => s.close(4000, 'network gone'));
        return live.length;
        """);
    return ((Number) closed).intValue();
  }

  /** Drops the page's phone socket to telephony-sim (as a crashed audio connection would). */
  public int dropPhoneSocket() {
    Object closed = driver.executeScript("""
        const live = (window.__sbSockets || []).filter((s) => s.url.includes('/sim/phone') && s.readyState <= 1);
        live.forEach((s) => s.close(4000, 'phone gone'));
        return live.length;
        """);
    return ((Number) closed).intValue();
  }

  /** Makes requests matching the patterns (e.g. {@code *}/api/twilio/token) fail; none to unblock. */
  public void blockUrls(String... patterns) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(patterns)));
  }

  /** Cuts (or restores) this browser's network, as if its cable were pulled. */
  public void setOffline(boolean offline) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
  }

  // ---- console and screenshots -----------------------------------------------------------------

  /** Every console message since the browser opened. */
  public synchronized List<LogEntry> consoleLog() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return List.copyOf(console);
  }

  /** From now on, {@link #unexpectedConsoleErrors} looks only at newer console messages. */
  public synchronized void markConsole() {
    consoleMark = consoleLog().size();
  }

  /** Console errors (SEVERE) since the last mark whose message matches none of {@code allowed}. */
  public synchronized List<String> unexpectedConsoleErrors(List<Pattern> allowed) {
    List<LogEntry> all = consoleLog();
    return all.subList(Math.min(consoleMark, all.size()), all.size()).stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> allowed.stream().noneMatch(p -> p.matcher(m).find()))
        .toList();
  }

  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("screenshot of " + login.id() + " failed: " + e);
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // the browser is gone already
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind
    }
  }
}
