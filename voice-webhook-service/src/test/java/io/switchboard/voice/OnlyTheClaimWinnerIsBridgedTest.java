package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.CallEvent;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.stack.StackHarness;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17: on Twilio a {@code <Dial>} bridges whichever {@code <Client>} accepts first, so the
 * caller must reach only the agent PostgreSQL names. Every {@code <Client>} is screened
 * ({@code /twilio/screen}) before the bridge; these tests drive the real telephony-sim, whose
 * {@code dial-connected} event says who the caller was actually bridged to.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class OnlyTheClaimWinnerIsBridgedTest {
  static final String CALLER = "+15550004444";
  /** Rings long enough (500 s = 5 s here) and claims never expire during a scripted test. */
  static final Map<String, String> SLOW = Map.of("SWITCHBOARD_RING_TIMEOUT_SECONDS", "500",
      "SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS", "500");

  TestDatabase db;
  StackHarness h;

  @BeforeEach
  void remember(TestDatabase db) {
    this.db = db;
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void start(Map<String, String> settings, String... agents) {
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), settings);
    // A fresh JVM's first webhook can outlast the sim's 2 s timeout on a loaded machine (seen as an
    // application error on a class's first call): one call to an unowned number warms the path first.
    h.sim.inboundCall(CALLER, StackHarness.UNKNOWN_NUMBER).compose(c -> c.awaitEnd(Duration.ofSeconds(20)))
        .otherwiseEmpty().await();
    h.setAvailable(agents);
    for (String agent : agents) {
      h.sim.device(agent); // registered before calls arrive, as agents' phones are
    }
  }

  /** The agent the caller was bridged to, from the sim's own record (null: nobody). */
  private String bridgedAgent(SimCall call) {
    List<CallEvent> connected = call.events().stream().filter(e -> e.type().equals("dial-connected")).toList();
    assertTrue(connected.size() <= 1, "bridged more than once: " + connected);
    if (connected.isEmpty()) {
      return null;
    }
    return h.sim.call(connected.get(0).get("callSid")).orElseThrow().to().substring("client:".length());
  }

  /** status, assigned_to and whether connected, as PostgreSQL holds them. */
  private Row row(String callSid) {
    return h.pool.preparedQuery("SELECT status, assigned_to, connected_at IS NOT NULL AS connected,"
            + " voicemail_at IS NOT NULL AS voicemail, end_reason FROM claims.calls WHERE call_sid = $1")
        .execute(Tuple.of(callSid)).await().iterator().next();
  }

  private JsonObject stats() {
    return h.request(Addresses.BOARD_SNAPSHOT_CALLS, new BoardQuery(StackHarness.ORG).toJson()).getJsonObject("stats");
  }

  @Test
  @DisplayName("Ann claims, then Ben's phone accepts: Ben's leg is hung up, the caller keeps ringing, Ann's phone is bridged")
  void aDeviceThatDidNotWinTheClaimIsHungUpAndTheWinnerIsBridged() {
    start(SLOW, "ann", "ben");
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall annRing = h.sim.device("ann").nextIncoming(WITHIN).await();
    IncomingCall benRing = h.sim.device("ben").nextIncoming(WITHIN).await();
    assertTrue(h.claim(call.sid(), "ann").won());

    benRing.accept().await();
    benRing.awaitDisconnect(WITHIN).await();
    SimCall benLeg = h.sim.call(benRing.callSid()).orElseThrow();
    benLeg.awaitEvent("hangup", WITHIN).await();
    assertNull(bridgedAgent(call), "nobody bridged yet");
    assertEquals("ringing", call.status(), "the caller keeps ringing");
    assertEquals("ringing", h.sim.call(annRing.callSid()).orElseThrow().status(), "Ann's phone still rings");
    assertTrue(call.events().stream().noneMatch(e -> e.type().equals("dial-ended")));

    annRing.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals("ann", bridgedAgent(call));
    Row row = row(call.sid());
    assertEquals("active", row.getString("status"));
    assertEquals("ann", row.getString("assigned_to"));
    assertTrue(row.getBoolean("connected"));
    assertTrue(h.sim.device("ann").onCall());
    assertFalse(h.sim.device("ben").onCall(), "Ben is not talking to the caller");
    call.hangUp().await();
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
  }

  @Test
  @DisplayName("two phones accept at once while nobody has claimed: exactly one is bridged, the one PostgreSQL names")
  void twoPhonesAcceptingAtOnceBridgeExactlyTheDatabasesAgent() {
    start(SLOW, "ann", "ben");
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall annRing = h.sim.device("ann").nextIncoming(WITHIN).await();
    IncomingCall benRing = h.sim.device("ben").nextIncoming(WITHIN).await();
    Future.all(annRing.accept(), benRing.accept()).await();
    call.awaitEvent("dial-connected", WITHIN).await();
    String bridged = bridgedAgent(call);
    Row row = row(call.sid());
    assertEquals("active", row.getString("status"));
    assertTrue(row.getBoolean("connected"));
    assertEquals(row.getString("assigned_to"), bridged);
    IncomingCall loser = bridged.equals("ann") ? benRing : annRing;
    loser.awaitDisconnect(WITHIN).await();
    assertEquals("completed", h.sim.call(loser.callSid()).orElseThrow().status());
    call.hangUp().await();
  }

  @Test
  @DisplayName("queue mode: the claim winner's phone is dialed alone and bridged only once its claim is connected")
  void queueModeBridgesTheClaimWinner() {
    List<String> agents = StackHarness.agents(11);
    start(SLOW, agents.toArray(String[]::new));
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("play", WITHIN).await();
    assertTrue(h.claim(call.sid(), "agent-7").won());
    IncomingCall ring = h.sim.device("agent-7").nextIncoming(WITHIN).await();
    ring.accept().await();
    call.awaitEvent("dial-connected", WITHIN).await();
    assertEquals("agent-7", bridgedAgent(call));
    SimCall leg = h.sim.call(ring.callSid()).orElseThrow();
    assertTrue(leg.events().stream().anyMatch(e -> e.type().equals("screening")), "the winner's leg was screened");
    Row row = row(call.sid());
    assertEquals("agent-7", row.getString("assigned_to"));
    assertTrue(row.getBoolean("connected"));
    call.hangUp().await();
  }

  @Test
  @DisplayName("a claim won just before the ring times out goes to voicemail with the caller at once, its agent is told, and it is not answered")
  void aClaimUnconnectedWhenTheRingEndsGoesToVoicemailAtOnce() throws Exception {
    // Ring 100 s (1 s here); a claim would expire after 4 s of real time.
    start(Map.of("SWITCHBOARD_RING_TIMEOUT_SECONDS", "100", "SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS", "4"),
        "ann", "ben");
    List<JsonObject> annNotices = new CopyOnWriteArrayList<>();
    h.vertx.eventBus().<JsonObject>consumer(Addresses.agent("ann"), m -> annNotices.add(m.body())).completion().await();
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall annRing = h.sim.device("ann").nextIncoming(WITHIN).await();
    assertTrue(h.claim(call.sid(), "ann").won(), "Ann claims while it rings; her phone has not accepted");

    CallEvent ended = call.awaitEvent("dial-ended", WITHIN).await();
    assertEquals("no-answer", ended.get("DialCallStatus"));
    CallView voicemail = h.awaitCall(call.sid(), c -> c.status() != CallStatus.ACTIVE, "out of active");
    assertEquals(CallStatus.VOICEMAIL, voicemail.status(), "the ring ended: voicemail now, not in 4 s");
    assertNull(voicemail.assignedTo());
    JsonObject notice = StackHarness.until(() -> annNotices.stream()
        .filter(n -> "claim-expired".equals(n.getString("type")) && call.sid().equals(n.getString("callSid")))
        .findFirst().orElse(null), "Ann's notice");
    assertTrue(notice.getString("message").contains("voicemail"), notice.encode());
    Throwable late = annRing.accept().map(v -> (Throwable) null).otherwise(t -> t).await();
    assertTrue(late != null, "the ring is over: Ann's phone can no longer accept");

    call.awaitEvent("recorded", WITHIN).await();
    // Past the claim's would-be expiry: the call never went back to ringing while the caller recorded.
    Thread.sleep(4_500);
    assertTrue(h.callChanges.stream().filter(c -> call.sid().equals(c.getString("callSid")))
        .noneMatch(c -> "ringing".equals(c.getString("status")) && c.getLong("version") > 1),
        "back to ringing after voicemail: " + h.callChanges);
    assertEquals(0L, stats().getLong("answeredToday"), "a claim that never connected is not an answered call");
    assertEquals(0L, h.count("SELECT count(*) FROM claims.call_claims WHERE call_sid = '" + call.sid() + "'"));
  }

  @Test
  @DisplayName("a caller who hangs up while agents ring is an abandoned call, ended, not a voicemail")
  void aCallerHangingUpWhileRingingIsAbandonedNotVoicemail() {
    start(SLOW, "ann");
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    IncomingCall ring = h.sim.device("ann").nextIncoming(WITHIN).await();
    call.hangUp().await();
    ring.awaitCancel(WITHIN).await();
    CallEvent ended = call.awaitEvent("dial-ended", WITHIN).await();
    assertEquals("canceled", ended.get("DialCallStatus"));
    h.awaitCall(call.sid(), c -> c.status() == CallStatus.ENDED, "ended");
    // Both the Dial's action and the status callback arrive; wait for both, then look.
    StackHarness.until(() -> call.events().stream().filter(e -> e.type().equals("webhook")
        && e.data().getString("url").contains("/twilio/dial-status")).findFirst().orElse(null), "dial-status");
    StackHarness.until(() -> h.deltas.stream().anyMatch(d -> call.sid().equals(d.getString("key"))
        && "remove".equals(d.getString("op"))) ? Boolean.TRUE : null, "removed from the board");
    Row row = row(call.sid());
    assertEquals("ended", row.getString("status"));
    assertFalse(row.getBoolean("voicemail"), "no voicemail_at: the caller never reached voicemail");
    assertEquals("caller-hung-up", row.getString("end_reason"));
    JsonObject stats = stats();
    assertEquals(1L, stats.getLong("abandonedToday"));
    assertEquals(0L, stats.getLong("answeredToday"));
  }

  /**
   * Many calls, ten agents, every rung phone accepting at once while some of the agents also
   * claim through the API (racing the screening's own claims); phones busy on another call ring
   * busy. Size: {@code -Dscreen.race.calls=1000} (default 100), {@code -Dscreen.race.lanes}
   * concurrent callers (default 3).
   */
  @Test
  @DisplayName("race: every phone accepts at once while claims race; no caller is bridged to anyone but the agent PostgreSQL names, none is left ringing")
  void underRacingAnswersAndClaimsOnlyTheDatabasesAgentIsEverBridged() throws Exception {
    int calls = Integer.getInteger("screen.race.calls", 100);
    int lanes = Integer.getInteger("screen.race.lanes", 3);
    List<String> agents = StackHarness.agents(10);
    start(Map.of(), agents.toArray(String[]::new));
    for (String agent : agents) {
      SimDevice device = h.sim.device(agent);
      device.onIncoming(ring -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextBoolean()) {
          String callSid = ring.parameters().get("callSid");
          h.vertx.setTimer(1 + random.nextInt(5), id -> Bus.request(h.vertx.eventBus(), Addresses.CLAIMS_CLAIM,
              new ClaimRequest(callSid, new Actor(agent, StackHarness.ORG, Role.AGENT)).toJson()));
        }
        ring.accept();
      });
    }
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(lanes);
    List<Callable<Void>> running = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      running.add(() -> {
        while (next.getAndIncrement() < calls) {
          oneRacingCall(failures, outcomes);
        }
        return null;
      });
    }
    for (var lane : pool.invokeAll(running)) {
      lane.get();
    }
    pool.shutdown();
    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    long stuck = h.count("SELECT count(*) FROM claims.calls WHERE status = 'ringing'"
        + " OR (status = 'active' AND connected_at IS NULL)");
    System.out.printf("SCREEN race: calls=%d agents=10 lanes=%d in %d ms, outcomes=%s, wrong bridges/failures=%d,"
        + " left ringing or active-unconnected=%d%n", calls, lanes, ms, outcomes, failures.size(), stuck);
    assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
    assertEquals(0, stuck, h.rows("SELECT call_sid, status, assigned_to, connected_at FROM claims.calls"
        + " WHERE status = 'ringing' OR (status = 'active' AND connected_at IS NULL)"));
    assertTrue(outcomes.getOrDefault("bridged", new AtomicInteger()).get() > 0, "some calls were bridged: " + outcomes);
  }

  private void oneRacingCall(List<String> failures, Map<String, AtomicInteger> outcomes) {
    SimCall call = h.sim.inboundCall(CALLER, NUMBER).await();
    try {
      CallEvent end = call.awaitEvent(e -> Set.of("dial-connected", "dial-ended").contains(e.type()),
          "dial outcome", WITHIN).await();
      if (end.type().equals("dial-connected")) {
        // The screening answered (after CONNECT) before the bridge: PostgreSQL already names this agent.
        String bridged = bridgedAgent(call);
        Row row = row(call.sid());
        if (!"active".equals(row.getString("status")) || !bridged.equals(row.getString("assigned_to"))
            || !row.getBoolean("connected")) {
          failures.add(call.sid() + " bridged to " + bridged + " but PostgreSQL says " + row.toJson());
        }
        outcomes.computeIfAbsent("bridged", k -> new AtomicInteger()).incrementAndGet();
      } else {
        // Nobody bridged (phones busy on other calls, the ring timed out): the call must leave ringing/active.
        CallView view = h.awaitCall(call.sid(), c -> c.status() == CallStatus.VOICEMAIL || c.status() == CallStatus.ENDED,
            "voicemail after " + end.get("DialCallStatus"));
        if (bridgedAgent(call) != null) {
          failures.add(call.sid() + " bridged after the dial ended");
        }
        outcomes.computeIfAbsent(end.get("DialCallStatus") + "->" + view.status(), k -> new AtomicInteger())
            .incrementAndGet();
      }
    } catch (Exception | AssertionError e) {
      failures.add(call.sid() + ": " + e);
    } finally {
      call.hangUp().await();
      call.awaitEnd(WITHIN).await();
    }
  }
}
