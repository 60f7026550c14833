package io.switchboard.clusterit;

import static io.switchboard.clusterit.TestOrg.ADMIN;
import static io.switchboard.clusterit.TestOrg.NUMBER;
import static io.switchboard.clusterit.Waits.WITHIN;
import static io.switchboard.clusterit.Waits.sleep;
import static io.switchboard.clusterit.Waits.until;

import io.switchboard.sim.SimCall;
import io.switchboard.sim.TelephonySim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Callers ringing the org's number one after another, each playing its {@link Track.Scenario},
 * with the {@link Agents} racing to claim; afterwards every call is checked against PostgreSQL.
 */
final class CallStream implements AutoCloseable {
  static final long CALL_EVERY_MS = 700;

  final Agents agents;
  private final TelephonySim sim;
  private final SwitchboardCluster cluster;
  private final BridgeApi api;
  private final Map<String, String> tokens;
  private final Tables tables;
  private final ExecutorService pool = Executors.newFixedThreadPool(32);
  private final Map<String, Track> byCallSid = new ConcurrentHashMap<>();
  private final AtomicLong parkedAfterRetry = new AtomicLong();

  CallStream(Vertx vertx, SwitchboardCluster cluster, BridgeApi api, Map<String, String> tokens, Tables tables) {
    this.sim = cluster.sim;
    this.cluster = cluster;
    this.api = api;
    this.tokens = tokens;
    this.tables = tables;
    this.agents = new Agents(vertx, sim, api, tokens, tables, pool, this::awaitTrack);
  }

  /** Places {@code calls} calls, one every {@link #CALL_EVERY_MS}; runs {@code event} right after call {@code eventAt}. */
  StreamResult stream(int calls, int offset, int eventAt, Callable<?> event) throws Exception {
    long requests = api.requests.get();
    long retried = api.retried503.get();
    long unanswered = api.unanswered.get();
    long resentBefore = cluster.resent();
    long started = System.nanoTime();
    List<Future<?>> scripts = new ArrayList<>();
    List<Track> tracks = new ArrayList<>();
    Future<?> eventDone = null;
    for (int i = 0; i < calls; i++) {
      Track track = new Track(offset + i, Track.scenarioOf(i));
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

    Map<String, Row> rows = tables.rows("SELECT c.*, cc.agent_id AS claimed_by,"
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
        tables.count("SELECT count(*) FROM parking.parked_calls"),
        tables.count("SELECT count(*) FROM claims.calls WHERE status <> 'ended'"),
        api.requests.get() - requests, api.retried503.get() - retried, api.unanswered.get() - unanswered,
        cluster.resent() - resentBefore, parkedAfterRetry.get(), outcomes);
  }

  private Track awaitTrack(String callSid) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Track t;
    while ((t = byCallSid.get(callSid)) == null && System.nanoTime() < deadline) {
      sleep(5);
    }
    return t;
  }

  /** One caller's whole call, as its scenario says. */
  private void script(Track t) {
    try {
      String from = String.format("+1555020%04d", t.index);
      SimCall caller = sim.inboundCall(from, NUMBER).timeout(10, TimeUnit.SECONDS).await();
      t.caller = caller;
      byCallSid.put(caller.sid(), t);
      String winner;
      try {
        winner = t.winner.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        unanswered(t);
        return;
      }
      tables.awaitCall(caller.sid(), r -> "active".equals(r.getString("status"))
          && winner.equals(r.getString("assigned_to")) && r.getValue("connected_at") != null,
          "active and connected for " + winner);
      sleep(300 + t.index % 5 * 100);
      switch (t.scenario) {
        case TALK -> {
          hangUp(t);
          agents.free(winner);
          t.outcome = "answered";
        }
        case PARK_THEN_UNPARK, PARK_THEN_CALLER_LEAVES -> park(t, winner);
      }
    } catch (Throwable e) {
      t.problems.add("script: " + e);
      t.outcome = "failed";
    }
  }

  private void unanswered(Track t) {
    // Nobody free claimed it in time: the caller must end in voicemail, never be dropped.
    SimCall caller = t.caller;
    tables.awaitCall(caller.sid(), r -> "voicemail".equals(r.getString("status"))
        || "ended".equals(r.getString("status")), "voicemail");
    if (caller.isLive()) {
      caller.hangUp().timeout(5, TimeUnit.SECONDS).await();
    }
    tables.awaitCall(caller.sid(), r -> "ended".equals(r.getString("status")), "ended");
    t.outcome = "voicemail";
  }

  private void park(Track t, String winner) {
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
      agents.free(winner);
      t.outcome = "failed";
      return;
    }
    t.parked = true;
    agents.free(winner);
    String parkedId = parked.body().getString("parkedId");
    String conference = parked.body().getString("conferenceName");
    tables.awaitCall(callSid, r -> "parked".equals(r.getString("status")), "parked");
    until(() -> sim.conferenceParticipants(conference).contains(callSid), "caller in " + conference);
    sleep(300);
    if (t.scenario == Track.Scenario.PARK_THEN_CALLER_LEAVES) {
      hangUp(t);
      until(() -> tables.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + callSid + "'") == 0,
          "the lot cleared of " + callSid);
      t.outcome = "caller left while parked";
      return;
    }
    String target = agents.reserveFree();
    t.unparkTarget = target;
    BridgeApi.Reply unparked = api.post(tokens.get(winner), "/api/parked/" + parkedId + "/unpark",
        new JsonObject().put("agentId", target));
    if (unparked.status() != 200) {
      t.problems.add("unpark to " + target + " answered " + unparked.status() + " " + unparked.body().encode());
      hangUp(t);
      agents.free(target);
      t.outcome = "failed";
      return;
    }
    try {
      t.unparkAnswered.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      t.problems.add("unpark ring to " + target + " never came: " + e);
    }
    tables.awaitCall(callSid, r -> "active".equals(r.getString("status")) && target.equals(r.getString("assigned_to"))
        && r.getValue("connected_at") != null, "active again for " + target);
    sleep(200);
    hangUp(t);
    agents.free(target);
    t.outcome = "answered after unpark";
  }

  /** The caller hangs up; it must still be on the line (a call we dropped is a failure). */
  private void hangUp(Track t) {
    SimCall caller = t.caller;
    if (!caller.isLive()) {
      t.problems.add("the caller was dropped before hanging up (" + caller.status() + ", events "
          + caller.events().stream().map(e -> e.type()).collect(Collectors.joining(",")) + ")");
    } else {
      caller.hangUp().timeout(5, TimeUnit.SECONDS).await();
    }
    tables.awaitCall(caller.sid(), r -> "ended".equals(r.getString("status")), "ended");
  }

  /** The call's card in the parking lot, from the board. */
  private JsonObject parkedView(String callSid) {
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

  @Override
  public void close() {
    agents.close();
    pool.shutdownNow();
  }
}
