package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
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
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class OfflineGraceTest {
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static PresenceFixture presence;

  @BeforeAll
  static void start(TestDatabase db) {
    presence = PresenceFixture.start(db, Map.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", "2"));
  }

  @AfterAll
  static void stop() {
    presence.close();
  }

  @Test
  void anAgentWhoseLastDashboardClosesGoesOfflineAfterTheGracePeriodNotBefore() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("ada", org, "tab-1");
    presence.connect("ada", org, "tab-2");
    presence.disconnect("ada", org, "tab-1");
    long lastClosed = System.currentTimeMillis();
    presence.disconnect("ada", org, "tab-2");

    PresenceFixture.Seen offline = presence.awaitDelta("ada", AgentStatus.OFFLINE, GRACE.plusSeconds(2));

    assertTrue(offline.atMillis() - lastClosed >= GRACE.toMillis(),
        "offline " + (offline.atMillis() - lastClosed) + " ms after the last dashboard closed");
    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.OFFLINE), statuses("ada"),
        "one card when it came, one when it left: closing a second tab changes nothing visible");
    assertEquals(List.of(), presence.available(org));
    assertEquals(AgentStatus.OFFLINE, presence.agent(org, "ada").status());
  }

  @Test
  void anAgentWhoSignsOutIsOfflineAtOnceWithoutTheGracePeriodAndIsNotRung() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("eve", org, "tab-1");
    presence.connect("eve", org, "tab-2");

    assertEquals(AgentStatus.OFFLINE, presence.signOut("eve", org).status());
    presence.awaitDelta("eve", AgentStatus.OFFLINE, GRACE.dividedBy(2));

    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.OFFLINE), statuses("eve"), "offline on every board now");
    assertEquals(List.of(), presence.available(org), "never rung after signing out");
    // the sign-out closes its dashboards: their reports change nothing, and no grace runs out later
    presence.disconnect("eve", org, "tab-1");
    presence.disconnect("eve", org, "tab-2");
    PresenceFixture.pause(GRACE.toMillis() + 2 * OfflineDetector.SWEEP_MS);
    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.OFFLINE), statuses("eve"));
    assertEquals(AgentStatus.AVAILABLE, presence.connect("eve", org, "tab-3").status(), "signing in again brings it back");
  }

  @Test
  void anAgentWhoReconnectsInsideTheGracePeriodNeverFlickersOffline() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("ben", org, "socket-1");
    presence.disconnect("ben", org, "socket-1");
    PresenceFixture.pause(GRACE.toMillis() / 2);
    presence.connect("ben", org, "socket-2");

    // Past the first grace deadline, with a sweep or two to spare: nothing may have happened.
    PresenceFixture.pause(GRACE.toMillis() + 2 * OfflineDetector.SWEEP_MS);

    assertEquals(List.of(AgentStatus.AVAILABLE), statuses("ben"), "no offline delta, no second card");
    assertEquals(AgentStatus.AVAILABLE, presence.agent(org, "ben").status());
    assertEquals(List.of("ben"), presence.available(org).stream().map(a -> a.agentId()).toList());
  }

  @Test
  void anOfflineAgentComesBackAvailableOnItsNextDashboard() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("cyd", org, "s-1");
    presence.disconnect("cyd", org, "s-1");
    presence.awaitDelta("cyd", AgentStatus.OFFLINE, GRACE.plusSeconds(2));

    assertEquals(AgentStatus.AVAILABLE, presence.connect("cyd", org, "s-2").status());
    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.OFFLINE, AgentStatus.AVAILABLE), statuses("cyd"));
    List<Long> versions = presence.deltasOf("cyd").stream().map(s -> s.delta().version()).toList();
    assertEquals(List.of(1L, 2L, 3L), versions);
  }

  @Test
  void aRepeatedConnectionReportChangesNothing() {
    String org = presence.watch(PresenceFixture.newOrg());
    long first = presence.connect("dee", org, "same").version();
    long again = presence.connect("dee", org, "same").version();

    assertEquals(first, again);
    presence.disconnect("dee", org, "same");
    presence.awaitDelta("dee", AgentStatus.OFFLINE, GRACE.plusSeconds(2));
  }

  @Test
  void connectionsLeftByANodeThatIsNoLongerAMemberAreDroppedByReconciliation() {
    String org = presence.watch(PresenceFixture.newOrg());
    // A socket reported by a node of an earlier run, that no longer exists.
    presence.connect("fox", org, "old-socket", "node-from-before-the-restart");
    presence.pool.query("UPDATE presence.agent_connections SET opened_at = now() - interval '1 minute'")
        .execute().await();

    presence.awaitDelta("fox", AgentStatus.OFFLINE,
        GRACE.plusMillis(OfflineDetector.RECONCILE_MS).plusSeconds(2));
    assertEquals(0L, presence.pool.query("SELECT count(*) AS n FROM presence.agent_connections "
        + "WHERE node_id = 'node-from-before-the-restart'").execute().await().iterator().next().getLong("n"));
  }

  private static List<AgentStatus> statuses(String agentId) {
    return presence.deltasOf(agentId).stream().map(s -> s.agent().status()).toList();
  }
}
