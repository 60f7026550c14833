package io.switchboard.clusterit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimOptions;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Switchboard as separate processes from the real jar, clustered over Hazelcast on loopback:
 * voice-webhook, two claim-services, parking+presence, dashboard-bridge; telephony-sim runs in this
 * JVM and calls the webhook process over HTTP. A steady stream of calls rings several agents who
 * race to claim through the bridge's API; some calls are parked and taken back or abandoned while
 * parked. Mid-stream one claim-service is killed with SIGKILL and started again.
 */
@ExtendWith(PgTestDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterProcessesTest {
  static final String ORG = "cit";
  static final String NUMBER = "+15550107000";
  static final List<String> AGENTS = List.of("ann", "ben", "cat", "dan", "eve", "fay");
  static final String ADMIN = "boss";
  static final double SCALE = 0.1;
  static final int CALLS = 40;
  static final long CALL_EVERY_MS = 700;
  static final int KILL_AT = 12;
  static final Duration WITHIN = Duration.ofSeconds(15);

  static Vertx vertx;
  static TelephonySim sim;
  static Pool pg;
  static Path clusterXml;
  static final Map<String, JarProcess> processes = new LinkedHashMap<>();
  /** Every process started, including the killed one, for the logs. */
  static final List<JarProcess> everyProcess = new CopyOnWriteArrayList<>();
  static final Path LOGS = Path.of("target", "cluster-it-logs");
  static Map<String, String> env;
  static JWTAuth jwt;
  static BridgeApi api;

  /** What the test saw of one call. */
  static final class Track {
    final int index;
    final Scenario scenario;
    volatile SimCall caller;
    final CompletableFuture<String> winner = new CompletableFuture<>();
    final CompletableFuture<String> unparkAnswered = new CompletableFuture<>();
    volatile String unparkTarget;
    final List<String> won = new CopyOnWriteArrayList<>();
    final List<String> lost = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    volatile String outcome = "started";
    volatile boolean parked;

    Track(int index, Scenario scenario) {
      this.index = index;
      this.scenario = scenario;
    }
  }

  enum Scenario { TALK, PARK_THEN_UNPARK, PARK_THEN_CALLER_LEAVES }

  static final Map<String, Track> byCallSid = new ConcurrentHashMap<>();
  static final Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
  static final Map<String, String> tokens = new HashMap<>();
  static ExecutorService pool;

  @BeforeAll
  static void startTheCluster(TestDatabase db) throws Exception {
    vertx = Vertx.vertx();
    pg = db.pool(vertx);
    pool = Executors.newFixedThreadPool(32);
    String clusterName = "cluster-it-" + UUID.randomUUID().toString().substring(0, 8);
    clusterXml = Files.createTempFile("cluster-it", ".xml");
    String xml = Files.readString(Path.of(System.getProperty("switchboard.clusterXml")), StandardCharsets.UTF_8);
    Files.writeString(clusterXml, xml.replace("<cluster-name>switchboard</cluster-name>",
        "<cluster-name>" + clusterName + "</cluster-name>"));

    int voicePort = JarProcess.freePort();
    String publicUrl = "http://127.0.0.1:" + voicePort;
    sim = TelephonySim.start(vertx, SimOptions.forTest(TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN,
            TestConfigs.API_KEY, TestConfigs.API_SECRET, SCALE)
        .withVoiceUrl(URI.create(publicUrl + TwilioPaths.VOICE))
        .withStatusCallbackUrl(URI.create(publicUrl + TwilioPaths.CALL_STATUS))
        // Twilio waits 15 s (real time) for a webhook: 150 simulated seconds at this scale.
        .withWebhookTimeout(Duration.ofSeconds(150))).await();

    env = new HashMap<>(TestConfigs.values(db.url()));
    env.putAll(Map.of(
        "SWITCHBOARD_PUBLIC_URL", publicUrl,
        "SWITCHBOARD_CLUSTER", "true",
        "SWITCHBOARD_CLUSTER_CONFIG", clusterXml.toString(),
        "TWILIO_API_BASE_URL", sim.baseUrl(),
        "SIM_TIME_SCALE", Double.toString(SCALE),
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "40",
        "SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS", "4",
        "SWITCHBOARD_REQUEST_TIMEOUT_MS", "2000",
        "SWITCHBOARD_PG_POOL_SIZE", "4"));
    env.put("SWITCHBOARD_PARK_TIMEOUT_SECONDS", "600");

    start("voice", voicePort, "voice-webhook-service");
    start("claims-1", JarProcess.freePort(), "claim-service");
    start("claims-2", JarProcess.freePort(), "claim-service");
    start("parking+presence", JarProcess.freePort(), "parking-service,presence-service");
    start("bridge", JarProcess.freePort(), "--services", "dashboard-bridge");
    for (JarProcess p : processes.values()) {
      p.awaitReady(Duration.ofSeconds(90));
    }
    seedDirectory();
    jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestConfigs.JWT_SECRET)));
    for (String agent : AGENTS) {
      tokens.put(agent, token(agent, "agent"));
      busy.put(agent, new AtomicBoolean());
    }
    tokens.put(ADMIN, token(ADMIN, "admin"));
    api = new BridgeApi(processes.get("bridge").port);
  }

  static JarProcess start(String name, int port, String... args) throws Exception {
    Map<String, String> own = new HashMap<>(env);
    own.put("SWITCHBOARD_HTTP_PORT", Integer.toString(port));
    JarProcess process = JarProcess.start(name, own, args);
    processes.put(name, process);
    everyProcess.add(process);
    return process;
  }

  static String token(String user, String role) {
    return jwt.generateToken(new JsonObject().put("sub", user).put("org", ORG).put("role", role).put("name", user)
        .put("sid", java.util.UUID.randomUUID().toString())
        .put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond()),
        new JWTOptions().setAlgorithm("HS256").setIssuer("switchboard"));
  }

  /** The org, its number and its users, written straight into the bridge's directory schema. */
  static void seedDirectory() {
    String hash = "$2a$04$" + "x".repeat(53);
    pg.preparedQuery("INSERT INTO directory.organizations (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(ORG, "Cluster IT")).await();
    pg.preparedQuery("INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)")
        .execute(Tuple.of(NUMBER, ORG)).await();
    List<String> users = new ArrayList<>(AGENTS);
    users.add(ADMIN);
    for (String user : users) {
      pg.preparedQuery("INSERT INTO directory.users (id, org_id, email, display_name, role, password_hash)"
              + " VALUES ($1, $2, $3, $4, $5, $6)")
          .execute(Tuple.of(user, ORG, user + "@cit.test", user, ADMIN.equals(user) ? "admin" : "agent", hash)).await();
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (observer != null) {
      observer.close();
      phones.values().forEach(BoardSocket::close);
    }
    for (JarProcess p : everyProcess) {
      p.saveLogs(LOGS);
      p.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (clusterXml != null) {
      Files.deleteIfExists(clusterXml);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final Map<String, BoardSocket> phones = new LinkedHashMap<>();
  static BoardSocket observer;

  /** The agents' dashboards (their sockets make them online) and an admin's, watching the board. */
  static void connectDashboards() {
    if (observer != null) {
      return;
    }
    for (String agent : AGENTS) {
      phones.put(agent, new BoardSocket(vertx, api.port(), tokens.get(agent), ORG, agent));
      sim.device(agent).onIncoming(ring -> pool.submit(() -> onRing(agent, ring)));
    }
    observer = new BoardSocket(vertx, api.port(), tokens.get(ADMIN), ORG, ADMIN);
    until(() -> AGENTS.stream().allMatch(a -> "available".equals(presence(a))), "every agent available");
  }

  /** What one stream of calls did, checked against PostgreSQL. */
  record StreamResult(List<Track> tracks, double seconds, List<String> problems, int twoWinners, int parkedLost,
      long parkedRows, long liveCalls, long requests, long retried503, long unanswered, long resent,
      Map<String, Integer> outcomes) {
    int won() {
      return tracks.stream().mapToInt(t -> t.won.size()).sum();
    }

    int lost() {
      return tracks.stream().mapToInt(t -> t.lost.size()).sum();
    }

    String figures() {
      return String.join("\n",
          String.format("calls: %d over %.1f s, one every %d ms; outcomes %s", tracks.size(), seconds, CALL_EVERY_MS,
              outcomes),
          String.format("claims through the bridge: %d won, %d lost (409 with the winner)", won(), lost()),
          String.format("API requests: %d, retried after 503: %d, never answered: %d; parks whose retry found them"
              + " already parked: %d", requests, retried503, unanswered, parkedAfterRetry.get()),
          String.format("event-bus requests re-sent by services after a delivery failure: %d", resent),
          String.format("two winners: %d; parked callers lost: %d; parked rows left: %d; live calls left: %d",
              twoWinners, parkedLost, parkedRows, liveCalls),
          "problems: " + (problems.isEmpty() ? "none" : String.join("\n  ", problems)));
    }

    void assertClean() {
      assertEquals(List.of(), problems, figures());
      assertEquals(0, twoWinners, figures());
      assertEquals(0, parkedLost, figures());
      assertEquals(0, parkedRows, figures());
      assertEquals(0, liveCalls, figures());
      assertEquals(0, unanswered, figures());
    }
  }

  /** Places {@code calls} calls, one every {@link #CALL_EVERY_MS}; runs {@code event} right after call {@code eventAt}. */
  static StreamResult stream(int calls, int offset, int eventAt, java.util.concurrent.Callable<?> event)
      throws Exception {
    long requests = api.requests.get();
    long retried = api.retried503.get();
    long unanswered = api.unanswered.get();
    long resentBefore = resent();
    long started = System.nanoTime();
    List<Future<?>> scripts = new ArrayList<>();
    List<Track> tracks = new ArrayList<>();
    Future<?> eventDone = null;
    for (int i = 0; i < calls; i++) {
      Track track = new Track(offset + i, scenarioOf(i));
      tracks.add(track);
      scripts.add(pool.submit(() -> script(track)));
      if (i == eventAt) {
        eventDone = pool.submit(event);
      }
      Thread.sleep(CALL_EVERY_MS);
    }
    for (Future<?> script : scripts) {
      script.get(2, TimeUnit.MINUTES);
    }
    if (eventDone != null) {
      eventDone.get(2, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    Map<String, Row> rows = rows("SELECT c.*, cc.agent_id AS claimed_by,"
        + " (SELECT count(*) FROM claims.ring_events r WHERE r.call_sid = c.call_sid AND r.event_type = 'expired') AS expiries"
        + " FROM claims.calls c LEFT JOIN claims.call_claims cc USING (call_sid)", "call_sid");
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int twoWinners = 0;
    int parkedLost = 0;
    for (Track t : tracks) {
      outcomes.merge(t.outcome, 1, Integer::sum);
      t.problems.forEach(p -> problems.add("call " + t.index + " (" + t.scenario + "): " + p));
      if (t.caller == null) {
        continue;
      }
      Row row = rows.get(t.caller.sid());
      if (row == null) {
        problems.add("call " + t.index + ": no row in claims.calls");
        continue;
      }
      if (!"ended".equals(row.getString("status"))) {
        problems.add("call " + t.index + ": ends " + row.getString("status"));
      }
      Set<String> winners = Set.copyOf(t.won);
      if (winners.size() > 1 && row.getLong("expiries") == 0) {
        twoWinners++;
        problems.add("call " + t.index + ": two winners " + winners);
      }
      if (!t.won.isEmpty() && row.getString("claimed_by") != null && !t.won.contains(row.getString("claimed_by"))) {
        twoWinners++;
        problems.add("call " + t.index + ": the API said " + t.won + " won, PostgreSQL says " + row.getString("claimed_by"));
      }
      if (t.parked && !t.outcome.equals("answered after unpark") && !t.outcome.equals("caller left while parked")) {
        parkedLost++;
      }
      if (t.outcome.startsWith("answered") && row.getValue("answered_at") == null) {
        problems.add("call " + t.index + ": answered but answered_at is null");
      }
    }
    return new StreamResult(tracks, seconds, problems, twoWinners, parkedLost,
        count("SELECT count(*) FROM parking.parked_calls"),
        count("SELECT count(*) FROM claims.calls WHERE status <> 'ended'"),
        api.requests.get() - requests, api.retried503.get() - retried, api.unanswered.get() - unanswered,
        resent() - resentBefore, outcomes);
  }

  /**
   * Switchboard's named meters, read from each process's /metrics: they must count what the
   * stream did (claims won and lost add up to what the bridge's callers saw, deltas, webhooks).
   */
  static String metricsFigures() throws Exception {
    String voice = processes.get("voice").metrics();
    String parkingPresence = processes.get("parking+presence").metrics();
    String bridge = processes.get("bridge").metrics();
    double won = 0;
    double lost = 0;
    double claimSeconds = 0;
    double claimCount = 0;
    double callDeltas = 0;
    for (String name : List.of("claims-1", "claims-2")) {
      String m = processes.get(name).metrics();
      won += sum(m, "switchboard_claims_total", "outcome=\"won\"");
      lost += sum(m, "switchboard_claims_total", "outcome=\"lost\"");
      claimSeconds += sum(m, "switchboard_claim_latency_seconds_sum", "");
      claimCount += sum(m, "switchboard_claim_latency_seconds_count", "");
      callDeltas += sum(m, "switchboard_board_deltas_total", "kind=\"call\"");
    }
    double webhooks = sum(voice, "switchboard_webhook_latency_seconds_count", "path=\"/twilio/voice\"");
    double webhookSeconds = sum(voice, "switchboard_webhook_latency_seconds_sum", "path=\"/twilio/voice\"");
    double agentDeltas = sum(parkingPresence, "switchboard_board_deltas_total", "kind=\"agent\"");
    double parkedDeltas = sum(parkingPresence, "switchboard_board_deltas_total", "kind=\"parked\"");
    double sockets = sum(bridge, "switchboard_bridge_connections", "");
    assertTrue(won > 0 && lost > 0 && claimCount > 0 && callDeltas > 0, "claim meters");
    assertTrue(webhooks >= 1 && agentDeltas > 0 && parkedDeltas > 0, "webhook, agent and parked meters");
    assertEquals(AGENTS.size() + 1, (int) sockets, "bridge connections gauge = open dashboards");
    until(() -> {
      try {
        return sum(processes.get("parking+presence").metrics(), "switchboard_parked_calls", "") == 0;
      } catch (Exception e) {
        return false;
      }
    }, "parked calls gauge back to 0");
    return String.format("metrics (since each process started): claims won %.0f / lost %.0f (claim services; the"
        + " killed node's count is gone), mean claim latency %.1f ms; call deltas %.0f, agent deltas %.0f,"
        + " parked deltas %.0f; /twilio/voice webhooks %.0f, mean %.1f ms; bridge sockets %.0f",
        won, lost, 1000 * claimSeconds / claimCount, callDeltas, agentDeltas, parkedDeltas, webhooks,
        1000 * webhookSeconds / webhooks, sockets);
  }

  /** The sum of a Prometheus metric's samples whose labels contain {@code labels}. */
  static double sum(String prometheus, String metric, String labels) {
    double total = 0;
    for (String line : prometheus.split("\n")) {
      if ((line.startsWith(metric + "{") || line.startsWith(metric + " ")) && line.contains(labels)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  static long resent() throws java.io.IOException {
    long resent = 0;
    for (JarProcess p : everyProcess) {
      resent += p.countLines("sending it again");
    }
    return resent;
  }

  @Test
  @Order(1)
  void callsRacingClaimsAndParksSurviveKillingAClaimServiceProcessAndTheBoardMatchesPostgres() throws Exception {
    connectDashboards();
    long[] killedAndReady = new long[2];
    StreamResult result = stream(CALLS, 0, KILL_AT, () -> {
      killedAndReady[0] = System.nanoTime();
      processes.get("claims-2").kill();
      JarProcess again = start("claims-2", JarProcess.freePort(), "claim-service");
      again.awaitReady(Duration.ofSeconds(90));
      killedAndReady[1] = System.nanoTime();
      return null;
    });
    // The board a dashboard sees at the end. A dashboard connected through the kill may hold a
    // stale card: a change committed by the killed node whose delta died with it (deltas are at
    // most once). Counted here; a reconnecting dashboard (snapshot, then deltas) must match exactly.
    List<String> stale = List.of();
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!(stale = boardMatchesPostgres(observer)).isEmpty() && System.nanoTime() < settle) {
      sleep(100);
    }
    reconnectObserver();
    awaitBoardMatchesPostgres();
    String metrics = metricsFigures();

    System.out.println(String.join("\n",
        "=== cluster-it figures: kill -9 of a claim-service mid-stream ===",
        String.format("processes: %s (+ telephony-sim in the test JVM, scale %.2f)", processes.keySet(), SCALE),
        String.format("claims-2 killed (SIGKILL) after call %d; its replacement ready %.1f s later", KILL_AT,
            (killedAndReady[1] - killedAndReady[0]) / 1e9),
        result.figures(),
        "dashboard connected through the kill: " + (stale.isEmpty() ? "matches PostgreSQL"
            : "stale (deltas lost with the killed node): " + stale),
        "reconnected dashboard (snapshot + deltas) matches PostgreSQL: yes",
        metrics));
    result.assertClean();
    assertTrue(sum(processes.get("claims-2").metrics(), "switchboard_claims_total", "") > 0,
        "the restarted claim-service took claims");
  }

  @Test
  @Order(2)
  void aRollingRestartOfAClaimServiceWithSigtermLosesNoRequest() throws Exception {
    connectDashboards();
    long[] stoppedIn = new long[1];
    StreamResult result = stream(12, 100, 3, () -> {
      JarProcess old = processes.get("claims-1");
      long t0 = System.nanoTime();
      old.terminate();
      assertTrue(old.waitFor(30, TimeUnit.SECONDS), "claims-1 stopped after SIGTERM");
      stoppedIn[0] = System.nanoTime() - t0;
      assertTrue(old.stdout().contains("stopped"), old.logs());
      start("claims-1", JarProcess.freePort(), "claim-service").awaitReady(Duration.ofSeconds(90));
      return null;
    });
    awaitBoardMatchesPostgres();
    System.out.println(String.join("\n",
        "=== cluster-it figures: rolling restart (SIGTERM) of a claim-service mid-stream ===",
        String.format("claims-1 stopped gracefully in %.1f s and was started again", stoppedIn[0] / 1e9),
        result.figures()));
    result.assertClean();
  }

  @Test
  @Order(3)
  void sigtermOnTheBridgeClosesEveryDashboardSocketBeforeItStops() throws Exception {
    JarProcess bridge = processes.get("bridge");
    BoardSocket dashboard = new BoardSocket(vertx, api.port(), tokens.get(ADMIN), ORG, ADMIN);
    until(() -> {
      try {
        return sum(bridge.metrics(), "switchboard_bridge_connections", "") >= 1;
      } catch (Exception e) {
        return false;
      }
    }, "the bridge counts the socket");
    long open = (long) sum(bridge.metrics(), "switchboard_bridge_connections", "");

    bridge.terminate();

    Short status = dashboard.closed.future().timeout(10, TimeUnit.SECONDS).await();
    assertTrue(bridge.waitFor(30, TimeUnit.SECONDS), "the bridge stopped");
    String out = bridge.stdout();
    int closedAt = out.indexOf("closed " + open + " eventbus socket(s) for shutdown");
    assertTrue(closedAt >= 0, bridge.logs());
    assertTrue(closedAt < out.indexOf("stopping: finishing") || closedAt < out.lastIndexOf("stopped"),
        "sockets closed before the node stopped:\n" + bridge.logs());
    System.out.println("=== cluster-it: SIGTERM on the bridge closed its " + open
        + " dashboard socket(s) (close status " + status + ") before it stopped ===");
  }

  static Scenario scenarioOf(int i) {
    return switch (i % 4) {
      case 1 -> Scenario.PARK_THEN_UNPARK;
      case 3 -> Scenario.PARK_THEN_CALLER_LEAVES;
      default -> Scenario.TALK;
    };
  }

  // ---- the agents ----------------------------------------------------------------------------

  static Track track(String callSid) {
    return byCallSid.get(callSid);
  }

  /** An agent's phone rings: a free agent claims through the bridge; the winner answers. */
  static void onRing(String agent, IncomingCall ring) {
    String callSid = ring.parameters().get("callSid");
    Track t = awaitTrack(callSid);
    try {
      if (t != null && agent.equals(t.unparkTarget)) {
        ring.accept().timeout(10, TimeUnit.SECONDS).await();
        t.unparkAnswered.complete(agent);
        return;
      }
      if (t == null || !busy.get(agent).compareAndSet(false, true)) {
        return; // on another call: this agent lets it ring
      }
      BridgeApi.Reply reply = api.post(tokens.get(agent), "/api/calls/" + callSid + "/claim", null);
      if (reply.status() == 200 && "WON".equals(reply.body().getString("outcome"))) {
        t.won.add(agent);
        ring.accept().timeout(10, TimeUnit.SECONDS).await();
        t.winner.complete(agent);
      } else {
        busy.get(agent).set(false);
        if (reply.status() == 409 && reply.body().getString("winner") != null) {
          t.lost.add(agent);
        } else if (reply.status() != 409) {
          t.problems.add(agent + " claim answered " + reply.status() + " " + reply.body().encode());
        }
      }
    } catch (Exception e) {
      if (t != null) {
        t.problems.add(agent + " ring: " + e);
      }
    }
  }

  static Track awaitTrack(String callSid) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Track t;
    while ((t = track(callSid)) == null && System.nanoTime() < deadline) {
      sleep(5);
    }
    return t;
  }

  /** One caller's whole call, as its scenario says. */
  static void script(Track t) {
    try {
      String from = String.format("+1555020%04d", t.index);
      SimCall caller = sim.inboundCall(from, NUMBER).timeout(10, TimeUnit.SECONDS).await();
      t.caller = caller;
      byCallSid.put(caller.sid(), t);
      String winner;
      try {
        winner = t.winner.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        unanswered(t);
        return;
      }
      awaitCall(caller.sid(), r -> "active".equals(r.getString("status")) && winner.equals(r.getString("assigned_to"))
          && r.getValue("connected_at") != null, "active and connected for " + winner);
      sleep(300 + t.index % 5 * 100);
      switch (t.scenario) {
        case TALK -> {
          hangUp(t);
          free(winner);
          t.outcome = "answered";
        }
        case PARK_THEN_UNPARK, PARK_THEN_CALLER_LEAVES -> park(t, winner);
      }
    } catch (Throwable e) {
      t.problems.add("script: " + e);
      t.outcome = "failed";
    }
  }

  static void unanswered(Track t) {
    // Nobody free claimed it in time: the caller must end in voicemail, never be dropped.
    SimCall caller = t.caller;
    awaitCall(caller.sid(), r -> "voicemail".equals(r.getString("status")) || "ended".equals(r.getString("status")),
        "voicemail");
    if (caller.isLive()) {
      caller.hangUp().timeout(5, TimeUnit.SECONDS).await();
    }
    awaitCall(caller.sid(), r -> "ended".equals(r.getString("status")), "ended");
    t.outcome = "voicemail";
  }

  static void park(Track t, String winner) {
    String callSid = t.caller.sid();
    long retriedBefore = api.retried503.get();
    BridgeApi.Reply parked = api.post(tokens.get(winner), "/api/calls/" + callSid + "/park", null);
    if (parked.status() == 409 && api.retried503.get() > retriedBefore
        && String.valueOf(parked.body().getString("message")).contains("already parked")) {
      // The 503'd attempt had parked it after all (the bridge stopped waiting first): the retry is told so.
      parkedAfterRetry.incrementAndGet();
      parked = new BridgeApi.Reply(200, parkedView(callSid));
    }
    if (parked.status() != 200) {
      t.problems.add("park answered " + parked.status() + " " + parked.body().encode());
      hangUp(t);
      free(winner);
      t.outcome = "failed";
      return;
    }
    t.parked = true;
    free(winner);
    String parkedId = parked.body().getString("parkedId");
    String conference = parked.body().getString("conferenceName");
    awaitCall(callSid, r -> "parked".equals(r.getString("status")), "parked");
    until(() -> sim.conferenceParticipants(conference).contains(callSid), "caller in " + conference);
    sleep(300);
    if (t.scenario == Scenario.PARK_THEN_CALLER_LEAVES) {
      hangUp(t);
      until(() -> count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + callSid + "'") == 0,
          "the lot cleared of " + callSid);
      t.outcome = "caller left while parked";
      return;
    }
    String target = reserveFreeAgent();
    t.unparkTarget = target;
    BridgeApi.Reply unparked = api.post(tokens.get(winner), "/api/parked/" + parkedId + "/unpark",
        new JsonObject().put("agentId", target));
    if (unparked.status() != 200) {
      t.problems.add("unpark to " + target + " answered " + unparked.status() + " " + unparked.body().encode());
      hangUp(t);
      free(target);
      t.outcome = "failed";
      return;
    }
    try {
      t.unparkAnswered.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      t.problems.add("unpark ring to " + target + " never came: " + e);
    }
    awaitCall(callSid, r -> "active".equals(r.getString("status")) && target.equals(r.getString("assigned_to"))
        && r.getValue("connected_at") != null, "active again for " + target);
    sleep(200);
    hangUp(t);
    free(target);
    t.outcome = "answered after unpark";
  }

  /** The caller hangs up; it must still be on the line (a call we dropped is a failure). */
  static void hangUp(Track t) {
    SimCall caller = t.caller;
    if (!caller.isLive()) {
      t.problems.add("the caller was dropped before hanging up (" + caller.status() + ", events "
          + caller.events().stream().map(e -> e.type()).collect(Collectors.joining(",")) + ")");
    } else {
      caller.hangUp().timeout(5, TimeUnit.SECONDS).await();
    }
    awaitCall(caller.sid(), r -> "ended".equals(r.getString("status")), "ended");
  }

  static final java.util.concurrent.atomic.AtomicLong parkedAfterRetry = new java.util.concurrent.atomic.AtomicLong();

  /** The call's card in the parking lot, from the board. */
  static JsonObject parkedView(String callSid) {
    JsonObject[] found = new JsonObject[1];
    until(() -> {
      BridgeApi.Reply board = api.get(tokens.get(ADMIN), "/api/board");
      board.body().getJsonArray("parked", new JsonArray()).forEach(o -> {
        if (callSid.equals(((JsonObject) o).getString("callSid"))) {
          found[0] = (JsonObject) o;
        }
      });
      return found[0] != null;
    }, "parked card of " + callSid);
    return found[0];
  }

  static String reserveFreeAgent() {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      for (String agent : AGENTS) {
        if (busy.get(agent).compareAndSet(false, true)) {
          return agent;
        }
      }
      sleep(20);
    }
    throw new AssertionError("no free agent to unpark to");
  }

  static void free(String agent) {
    busy.get(agent).set(false);
  }

  // ---- PostgreSQL and the board --------------------------------------------------------------

  static String presence(String agent) {
    List<Row> rows = list("SELECT status FROM presence.agent_presence WHERE agent_id = '" + agent + "'");
    return rows.isEmpty() ? null : rows.get(0).getString("status");
  }

  /** What differs between the bridge's board (snapshot and live deltas) and PostgreSQL; empty when equal. */
  static List<String> boardMatchesPostgres(BoardSocket observer) {
    List<String> differences = new ArrayList<>();
    BridgeApi.Reply snapshot = api.get(tokens.get(ADMIN), "/api/board");
    if (snapshot.status() != 200) {
      return List.of("GET /api/board answered " + snapshot.status());
    }
    JsonObject board = snapshot.body();
    Set<String> pgLive = list("SELECT call_sid FROM claims.calls WHERE status <> 'ended'").stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
    Set<String> snapshotCalls = ids(board.getJsonArray("calls"), "callSid");
    compare(differences, "live calls (snapshot)", pgLive, snapshotCalls);
    compare(differences, "live calls (deltas)", pgLive, observer.live("call").keySet());
    Set<String> pgParked = list("SELECT id FROM parking.parked_calls").stream().map(r -> r.getString(0))
        .collect(Collectors.toSet());
    compare(differences, "parked (snapshot)", pgParked, ids(board.getJsonArray("parked"), "parkedId"));
    compare(differences, "parked (deltas)", pgParked, observer.live("parked").keySet());
    Map<String, String> pgAgents = new TreeMap<>();
    list("SELECT agent_id, status FROM presence.agent_presence").forEach(r ->
        pgAgents.put(r.getString(0), r.getString(1).replace('_', '-')));
    Map<String, String> snapshotAgents = new TreeMap<>();
    board.getJsonArray("agents").forEach(a -> {
      JsonObject agent = (JsonObject) a;
      if (pgAgents.containsKey(agent.getString("agentId"))) {
        snapshotAgents.put(agent.getString("agentId"), agent.getString("status"));
      }
    });
    Map<String, String> deltaAgents = new TreeMap<>();
    observer.live("agent").forEach((id, data) -> deltaAgents.put(id, data.getString("status")));
    if (!pgAgents.equals(snapshotAgents)) {
      differences.add("agents: PostgreSQL " + pgAgents + ", snapshot " + snapshotAgents);
    }
    if (!pgAgents.equals(deltaAgents)) {
      differences.add("agents: PostgreSQL " + pgAgents + ", deltas " + deltaAgents);
    }
    return differences;
  }

  /** The admin's dashboard reconnects: a new socket, then the snapshot, as the web UI does. */
  static void reconnectObserver() {
    observer.close();
    observer = new BoardSocket(vertx, api.port(), tokens.get(ADMIN), ORG, ADMIN);
    observer.seed(api.get(tokens.get(ADMIN), "/api/board").body());
  }

  static void awaitBoardMatchesPostgres() {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    List<String> differences;
    while (!(differences = boardMatchesPostgres(observer)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the board does not match PostgreSQL (observer socket open: " + observer.isOpen()
            + "): " + differences);
      }
      sleep(100);
    }
  }

  static Set<String> ids(JsonArray items, String field) {
    return items.stream().map(o -> ((JsonObject) o).getString(field)).collect(Collectors.toSet());
  }

  static void compare(List<String> differences, String what, Set<String> postgres, Set<String> seen) {
    if (!postgres.equals(seen)) {
      differences.add(what + ": PostgreSQL " + postgres + ", board " + seen);
    }
  }

  static Row call(String callSid) {
    List<Row> rows = list("SELECT * FROM claims.calls WHERE call_sid = '" + callSid + "'");
    return rows.isEmpty() ? null : rows.get(0);
  }

  static void awaitCall(String callSid, Predicate<Row> match, String what) {
    until(() -> {
      Row row = call(callSid);
      return row != null && match.test(row);
    }, "call " + callSid + " " + what);
  }

  static List<Row> list(String sql) {
    List<Row> rows = new ArrayList<>();
    pg.query(sql).execute().timeout(10, TimeUnit.SECONDS).await().forEach(rows::add);
    return rows;
  }

  static Map<String, Row> rows(String sql, String key) {
    Map<String, Row> rows = new HashMap<>();
    list(sql).forEach(r -> rows.put(r.getString(key), r));
    return rows;
  }

  static long count(String sql) {
    return list(sql).get(0).getLong(0);
  }

  static void until(java.util.function.BooleanSupplier probe, String what) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!probe.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(25);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
