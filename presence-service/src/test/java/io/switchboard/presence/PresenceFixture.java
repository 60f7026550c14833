package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.fail;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardDelta;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ConnectionReport;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.SetStatusRequest;
import io.switchboard.common.contract.SignedOut;
import io.switchboard.common.contract.UserList;
import io.switchboard.common.db.Database;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A presence-service on a real database, plus what tests need around it: a fake directory (org
 * wrap-up times and users), a recorder of every agent delta of an org, and one-line helpers for
 * the bridge's connection reports and the claim-service's call changes.
 */
final class PresenceFixture implements AutoCloseable {
  /** A delta as the test saw it, with the local time it arrived. */
  record Seen(BoardDelta delta, long atMillis) {
    AgentView agent() {
      return AgentView.fromJson(delta.data());
    }
  }

  final Vertx vertx;
  final Pool pool;
  final Map<String, Integer> wrapUpSeconds = new ConcurrentHashMap<>();
  final Map<String, Integer> maxMissedRings = new ConcurrentHashMap<>();
  final Map<String, List<String>> directoryUsers = new ConcurrentHashMap<>();
  final Set<String> directoryDown = ConcurrentHashMap.newKeySet();
  final List<Seen> deltas = new CopyOnWriteArrayList<>();
  private final SwitchboardConfig config;

  private PresenceFixture(Vertx vertx, Pool pool, SwitchboardConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  /** A plain Vert.x with the presence schema migrated, the fake directory and one presence verticle. */
  static PresenceFixture start(TestDatabase db, Map<String, String> overrides) {
    Vertx vertx = Vertx.vertx();
    db.migrate(vertx, PresenceServiceModule.SCHEMA).await();
    var config = db.config(overrides);
    Pool pool = Database.pool(vertx, config.database());
    PresenceFixture fixture = new PresenceFixture(vertx, pool, config);
    fixture.serveDirectory();
    fixture.deployPresence();
    return fixture;
  }

  /** One more presence instance on the same database, as a second node would run. */
  void deployPresence() {
    vertx.deployVerticle(new PresenceVerticle(config, pool)).await();
  }

  private void serveDirectory() {
    Bus.serve(vertx, Addresses.DIRECTORY_ORG, json -> {
      String orgId = json.getString("orgId");
      if (directoryDown.contains(orgId)) {
        return Future.failedFuture(Failures.unavailable("directory database down"));
      }
      return Future.succeededFuture(new OrgView(orgId, "Org " + orgId, wrapUpSeconds.get(orgId), null, null,
          maxMissedRings.get(orgId)).toJson());
    }).completion().await();
    Bus.serve(vertx, Addresses.DIRECTORY_USERS, json -> Future.succeededFuture(new UserList(
        directoryUsers.getOrDefault(json.getString("orgId"), List.of()).stream()
            .map(id -> new UserList.User(id, "Agent " + id, id + "@example.test", Role.AGENT)).toList()).toJson()))
        .completion().await();
  }

  static String newOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Records every delta published on the org's board from now on. */
  String watch(String orgId) {
    vertx.eventBus().<JsonObject>consumer(Addresses.board(orgId),
        m -> deltas.add(new Seen(BoardDelta.fromJson(m.body()), System.currentTimeMillis())))
        .completion().await();
    return orgId;
  }

  List<Seen> deltasOf(String agentId) {
    return deltas.stream().filter(s -> s.delta().key().equals(agentId)).toList();
  }

  Seen awaitDelta(String agentId, AgentStatus status, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (System.currentTimeMillis() < deadline) {
      Optional<Seen> seen = deltasOf(agentId).stream().filter(s -> s.agent().status() == status).findFirst();
      if (seen.isPresent()) {
        return seen.get();
      }
      pause(20);
    }
    return fail("no " + status + " delta for " + agentId + " within " + timeout + "; saw " + deltasOf(agentId));
  }

  AgentView connect(String agentId, String orgId, String connectionId) {
    return connect(agentId, orgId, connectionId, ClusterSupport.nodeId(vertx));
  }

  AgentView connect(String agentId, String orgId, String connectionId, String nodeId) {
    return AgentView.fromJson(Bus.request(vertx.eventBus(), Addresses.PRESENCE_CONNECTED,
        new ConnectionReport(agentId, orgId, connectionId, nodeId).toJson()).await());
  }

  void disconnect(String agentId, String orgId, String connectionId) {
    Bus.request(vertx.eventBus(), Addresses.PRESENCE_DISCONNECTED,
        new ConnectionReport(agentId, orgId, connectionId, ClusterSupport.nodeId(vertx)).toJson()).await();
  }

  AgentView signOut(String agentId, String orgId) {
    return AgentView.fromJson(Bus.request(vertx.eventBus(), Addresses.PRESENCE_SIGNED_OUT,
        new SignedOut(agentId, orgId).toJson()).await());
  }

  Future<JsonObject> setStatus(String agentId, AgentStatus status, Actor actor) {
    return Bus.request(vertx.eventBus(), Addresses.PRESENCE_SET_STATUS,
        new SetStatusRequest(agentId, status, actor).toJson());
  }

  List<AgentView> available(String orgId) {
    return views(Bus.request(vertx.eventBus(), Addresses.PRESENCE_AVAILABLE, new BoardQuery(orgId).toJson()).await());
  }

  List<AgentView> board(String orgId) {
    return views(Bus.request(vertx.eventBus(), Addresses.BOARD_SNAPSHOT_AGENTS, new BoardQuery(orgId).toJson()).await());
  }

  AgentView agent(String orgId, String agentId) {
    return board(orgId).stream().filter(a -> a.agentId().equals(agentId)).findFirst()
        .orElseGet(() -> fail("presence does not know " + agentId));
  }

  /** Polls the board until the agent has {@code status}, failing after {@code timeout}. */
  AgentView awaitStatus(String orgId, String agentId, AgentStatus status, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    AgentView last = null;
    while (System.currentTimeMillis() < deadline) {
      last = agent(orgId, agentId);
      if (last.status() == status) {
        return last;
      }
      pause(20);
    }
    return fail(agentId + " did not become " + status + " within " + timeout + "; last " + last);
  }

  /** Publishes a call change the way the claim-service does after every transition. */
  void publishCall(String callSid, String orgId, CallStatus status, String assignedTo, long version) {
    vertx.eventBus().publish(Addresses.CALLS_CHANGED, call(callSid, orgId, status, assignedTo, version).toJson());
  }

  /** A call that rang {@code rung} (of whom {@code declined} declined) and went to voicemail unanswered. */
  void publishRangOut(String callSid, String orgId, List<String> rung, List<String> declined) {
    Instant now = Instant.now();
    vertx.eventBus().publish(Addresses.CALLS_CHANGED, new CallView(callSid, orgId, "+15550001111", "+15550002222",
        CallStatus.VOICEMAIL, null, RingMode.DIAL, rung, declined, now, null, null, null,
        declined.containsAll(rung) ? "all-declined" : "no-answer", 2).toJson());
  }

  static CallView call(String callSid, String orgId, CallStatus status, String assignedTo, long version) {
    Instant now = Instant.now();
    return new CallView(callSid, orgId, "+15550001111", "+15550002222", status, assignedTo, RingMode.DIAL,
        assignedTo == null ? List.of() : List.of(assignedTo), List.of(), now,
        status == CallStatus.RINGING ? null : now, null, status == CallStatus.ENDED ? now : null,
        status == CallStatus.ENDED ? "completed" : null, version);
  }

  static List<AgentView> views(JsonObject reply) {
    return reply.getJsonArray("agents").stream().map(o -> AgentView.fromJson((JsonObject) o)).toList();
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
  }
}
