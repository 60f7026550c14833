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

  @Test
  void callsRacingClaimsAndParksSurviveKillingAClaimServiceProcessAndTheBoardMatchesPostgres() throws Exception {
    Map<String, BoardSocket> phones = new LinkedHashMap<>();
    for (String agent : AGENTS) {
      phones.put(agent, new BoardSocket(vertx, api.port(), tokens.get(agent), ORG, agent));
      sim.device(agent).onIncoming(ring -> pool.submit(() -> onRing(agent, ring)));
    }
    BoardSocket observer = new BoardSocket(vertx, api.port(), tokens.get(ADMIN), ORG, ADMIN);
    until(() -> AGENTS.stream().allMatch(a -> "available".equals(presence(a))), "every agent available");

    long started = System.nanoTime();
    List<Future<?>> scripts = new ArrayList<>();
    List<Track> tracks = new ArrayList<>();
    long killedAt = 0;
    Future<Long> restarted = null;
    for (int i = 0; i < CALLS; i++) {
      Track track = new Track(i, scenarioOf(i));
      tracks.add(track);
      scripts.add(pool.submit(() -> script(track)));
      if (i == KILL_AT) {
        JarProcess victim = processes.get("claims-2");
        killedAt = System.nanoTime();
        victim.kill();
        restarted = pool.submit(() -> {
          JarProcess again = start("claims-2", JarProcess.freePort(), "claim-service");
          again.awaitReady(Duration.ofSeconds(90));
          return System.nanoTime();
        });
      }
      Thread.sleep(CALL_EVERY_MS);
    }
    for (Future<?> script : scripts) {
      script.get(2, TimeUnit.MINUTES);
    }
    long restartedAt = restarted.get(2, TimeUnit.MINUTES);
    double streamSeconds = (System.nanoTime() - started) / 1e9;

    // Every call's final state in PostgreSQL, as the test played it.
    Map<String, Row> calls = rows("SELECT c.*, cc.agent_id AS claimed_by,"
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
      Row row = calls.get(t.caller.sid());
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
    long parkedRows = count("SELECT count(*) FROM parking.parked_calls");
    long liveCalls = count("SELECT count(*) FROM claims.calls WHERE status <> 'ended'");

    // The board a dashboard sees at the end: the snapshot and the deltas both match PostgreSQL.
    until(() -> boardMatchesPostgres(observer).isEmpty(), "board snapshot and deltas match PostgreSQL");
    long resent = 0;
    for (JarProcess p : everyProcess) {
      resent += p.countLines("sending it again");
    }
    int lost409 = tracks.stream().mapToInt(t -> t.lost.size()).sum();
    int won = tracks.stream().mapToInt(t -> t.won.size()).sum();

    String figures = String.join("\n",
        "=== cluster-it figures ===",
        String.format("processes: %s (+ telephony-sim in the test JVM, scale %.2f)", processes.keySet(), SCALE),
        String.format("calls: %d over %.1f s, one every %d ms; outcomes %s", CALLS, streamSeconds, CALL_EVERY_MS, outcomes),
        String.format("claims through the bridge: %d won, %d lost (409 with the winner)", won, lost409),
        String.format("claim-service claims-2 killed (SIGKILL) at call %d; restarted and ready after %.1f s",
            KILL_AT, (restartedAt - killedAt) / 1e9),
        String.format("API requests: %d, retried after 503: %d, never answered: %d",
            api.requests.get(), api.retried503.get(), api.unanswered.get()),
        String.format("event-bus requests re-sent by services after a delivery failure: %d", resent),
        String.format("two winners: %d; parked callers lost: %d; parked rows left: %d; live calls left: %d",
            twoWinners, parkedLost, parkedRows, liveCalls),
        "problems: " + (problems.isEmpty() ? "none" : String.join("\n  ", problems)));
    System.out.println(figures);

    assertEquals(List.of(), problems, figures);
    assertEquals(0, twoWinners, figures);
    assertEquals(0, parkedLost, figures);
    assertEquals(0, parkedRows, figures);
    assertEquals(0, liveCalls, figures);
    assertEquals(0, api.unanswered.get(), figures);
    observer.close();
    phones.values().forEach(BoardSocket::close);
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
    BridgeApi.Reply parked = api.post(tokens.get(winner), "/api/calls/" + callSid + "/park", null);
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
