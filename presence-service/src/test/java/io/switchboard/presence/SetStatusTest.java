package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SetStatusTest {
  private static PresenceFixture presence;

  @BeforeAll
  static void start(TestDatabase db) {
    presence = PresenceFixture.start(db, Map.of());
  }

  @AfterAll
  static void stop() {
    presence.close();
  }

  @Test
  void anAgentSetsItselfAwayAndBackAndEachChangeIsOneVersionedDelta() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("amy", org, "s-amy");
    Actor amy = new Actor("amy", org, Role.AGENT);

    AgentView away = AgentView.fromJson(presence.setStatus("amy", AgentStatus.AWAY, amy).await());
    AgentView again = AgentView.fromJson(presence.setStatus("amy", AgentStatus.AWAY, amy).await());
    AgentView back = AgentView.fromJson(presence.setStatus("amy", AgentStatus.AVAILABLE, amy).await());

    assertEquals(AgentStatus.AWAY, away.status());
    assertEquals(away.version(), again.version(), "setting the same status twice is no change");
    assertEquals(AgentStatus.AVAILABLE, back.status());
    presence.awaitStatus(org, "amy", AgentStatus.AVAILABLE, Duration.ofSeconds(2));
    assertEquals(List.of(1L, 2L, 3L), presence.deltasOf("amy").stream().map(s -> s.delta().version()).toList());
  }

  @Test
  void anAdminSetsAnyAgentOfItsOrgIncludingOneKnownOnlyToTheDirectory() {
    String org = PresenceFixture.newOrg();
    presence.connect("bob", org, "s-bob");
    presence.directoryUsers.put(org, List.of("boss", "bob", "newbie"));
    Actor admin = new Actor("boss", org, Role.ADMIN);

    assertEquals("away", presence.setStatus("bob", AgentStatus.AWAY, admin).await().getString("status"));
    // Known to the directory but never connected: its choice is kept, it stays offline (not ringable).
    assertEquals("offline", presence.setStatus("newbie", AgentStatus.AVAILABLE, admin).await().getString("status"));
    assertEquals(List.of(), presence.available(org));
  }

  @Test
  void aSupervisorSetsAnyAgentOfItsOrgButNotAnotherOrgs() {
    String org = PresenceFixture.newOrg();
    String other = PresenceFixture.newOrg();
    presence.connect("kit", org, "s-kit");
    presence.connect("lou", other, "s-lou");
    Actor supervisor = new Actor("sue", org, Role.SUPERVISOR);

    assertEquals("away", presence.setStatus("kit", AgentStatus.AWAY, supervisor).await().getString("status"));
    Throwable failure = failureOf(presence.setStatus("lou", AgentStatus.AWAY, supervisor));
    assertEquals(FailureCode.FORBIDDEN, Failures.code(failure));
    assertEquals(AgentStatus.AVAILABLE, presence.agent(other, "lou").status());
  }

  @Test
  void anAgentAskingForItselfBeforeItsDashboardConnectsIsAvailableForTheGracePeriod() {
    String org = PresenceFixture.newOrg();
    Actor cid = new Actor("cid", org, Role.AGENT);

    assertEquals("available", presence.setStatus("cid", AgentStatus.AVAILABLE, cid).await().getString("status"));
    assertEquals(List.of("cid"), presence.available(org).stream().map(AgentView::agentId).toList());
  }

  @Test
  void anUnknownStatusIsA400AndChangesNothing() {
    String org = PresenceFixture.newOrg();
    presence.connect("dee", org, "s-dee");
    JsonObject request = new JsonObject().put("agentId", "dee").put("status", "sleeping")
        .put("actor", new Actor("dee", org, Role.AGENT).toJson());

    Throwable failure = failureOf(Bus.request(presence.vertx.eventBus(), Addresses.PRESENCE_SET_STATUS, request));

    assertEquals(FailureCode.BAD_REQUEST, Failures.code(failure));
    assertTrue(Failures.body(failure).getString("message").contains("status"));
    assertUnchanged(org, "dee");
  }

  @Test
  void derivedStatusesCannotBeSetByHand() {
    String org = PresenceFixture.newOrg();
    presence.connect("eve", org, "s-eve");
    Actor admin = new Actor("boss", org, Role.ADMIN);
    for (AgentStatus status : List.of(AgentStatus.BUSY, AgentStatus.WRAP_UP, AgentStatus.OFFLINE)) {
      Throwable failure = failureOf(presence.setStatus("eve", status, admin));
      assertEquals(FailureCode.BAD_REQUEST, Failures.code(failure), status.name());
    }
    assertUnchanged(org, "eve");
  }

  @Test
  void anAgentSettingAnotherAgentsStatusIsA403AndChangesNothing() {
    String org = PresenceFixture.newOrg();
    presence.connect("fay", org, "s-fay");
    presence.connect("gus", org, "s-gus");

    Throwable failure = failureOf(presence.setStatus("fay", AgentStatus.AWAY, new Actor("gus", org, Role.AGENT)));

    assertEquals(FailureCode.FORBIDDEN, Failures.code(failure));
    assertUnchanged(org, "fay");
  }

  @Test
  void anAdminOfAnotherOrgIsA403AndChangesNothing() {
    String org = PresenceFixture.newOrg();
    String other = PresenceFixture.newOrg();
    presence.connect("hal", org, "s-hal");

    Throwable failure = failureOf(presence.setStatus("hal", AgentStatus.AWAY, new Actor("boss", other, Role.ADMIN)));

    assertEquals(FailureCode.FORBIDDEN, Failures.code(failure));
    assertUnchanged(org, "hal");
  }

  @Test
  void anAgentUnknownToPresenceAndTheDirectoryIsA404AndCreatesNothing() {
    String org = PresenceFixture.newOrg();
    presence.directoryUsers.put(org, List.of("boss"));

    Throwable failure = failureOf(presence.setStatus("ghost", AgentStatus.AVAILABLE, new Actor("boss", org, Role.ADMIN)));

    assertEquals(FailureCode.NOT_FOUND, Failures.code(failure));
    assertEquals(List.of(), presence.board(org));
  }

  @Test
  void malformedRequestsAre400s() {
    String org = PresenceFixture.newOrg();
    List<JsonObject> requests = List.of(
        new JsonObject().put("status", "away").put("actor", new Actor("x", org, Role.AGENT).toJson()),
        new JsonObject().put("agentId", "x").put("status", "away"),
        new JsonObject().put("agentId", "x y").put("status", "away").put("actor", new Actor("x", org, Role.AGENT).toJson()),
        new JsonObject().put("agentId", "x").put("actor", new Actor("x", org, Role.AGENT).toJson()));
    for (JsonObject request : requests) {
      Throwable failure = failureOf(Bus.request(presence.vertx.eventBus(), Addresses.PRESENCE_SET_STATUS, request));
      assertEquals(FailureCode.BAD_REQUEST, Failures.code(failure), request.encode());
    }
    Throwable badQuery = failureOf(Bus.request(presence.vertx.eventBus(), Addresses.PRESENCE_AVAILABLE, new JsonObject()));
    assertEquals(FailureCode.BAD_REQUEST, Failures.code(badQuery));
    Throwable badReport = failureOf(Bus.request(presence.vertx.eventBus(), Addresses.PRESENCE_CONNECTED,
        new JsonObject().put("agentId", "x").put("orgId", org)));
    assertEquals(FailureCode.BAD_REQUEST, Failures.code(badReport));
    assertEquals(List.of(), presence.board(org));
  }

  private static void assertUnchanged(String org, String agentId) {
    AgentView view = presence.agent(org, agentId);
    assertEquals(AgentStatus.AVAILABLE, view.status());
    assertEquals(1L, view.version());
  }

  private static Throwable failureOf(Future<?> future) {
    return future.map(v -> (Throwable) null).otherwise(t -> t).await();
  }
}
