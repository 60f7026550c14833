package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An agent who lets its org's limit of calls in a row ring out unanswered is put away with the
 * reason "missed calls", told so, and no longer rung; declining, someone else answering or the
 * caller hanging up is not a miss. Two presence instances run side by side, as on two nodes:
 * each missed ring still counts once.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class MissedRingsTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static PresenceFixture presence;

  @BeforeAll
  static void start(TestDatabase db) {
    presence = PresenceFixture.start(db, Map.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", "15"));
    presence.deployPresence();
  }

  @AfterAll
  static void stop() {
    presence.close();
  }

  @Test
  void anAgentWhoMissesTheOrgsLimitOfRingsInARowIsPutAwayToldWhyAndNotRung() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.maxMissedRings.put(org, 2);
    presence.connect("amy", org, "s-amy");
    presence.connect("bob", org, "s-bob");
    List<AgentNotice> toAmy = notices("amy");
    List<AgentNotice> toBob = notices("bob");

    presence.publishRangOut("CA-miss-1", org, List.of("amy", "bob"), List.of("bob"));
    awaitMissed("amy", 1);
    assertEquals(AgentStatus.AVAILABLE, presence.agent(org, "amy").status(), "one miss is below the limit");

    presence.publishRangOut("CA-miss-2", org, List.of("amy", "bob"), List.of("bob"));
    PresenceFixture.Seen away = presence.awaitDelta("amy", AgentStatus.AWAY, WAIT);
    assertEquals(AgentView.MISSED_RINGS, away.agent().awayReason(), "the board says why");
    assertEquals(List.of("bob"), presence.available(org).stream().map(AgentView::agentId).toList(),
        "amy is not rung any more; bob declined both and stays available");
    awaitNotice(toAmy);
    assertEquals(AgentNotice.Type.MISSED_RINGS, toAmy.get(0).type());
    assertTrue(toAmy.get(0).message().contains("2 calls in a row"), toAmy.get(0).message());
    PresenceFixture.pause(300);
    assertEquals(1, toAmy.size(), "told once, although two presence instances saw the call");
    assertEquals(List.of(), toBob, "declining is not missing");
    assertEquals(0, missedRings("bob"));
  }

  @Test
  void anAgentPutAwayForMissedCallsIsBackWhenItSaysSoAndCountsFromZero() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.maxMissedRings.put(org, 1);
    presence.connect("cat", org, "s-cat");
    presence.publishRangOut("CA-back-1", org, List.of("cat"), List.of());
    presence.awaitDelta("cat", AgentStatus.AWAY, WAIT);

    presence.setStatus("cat", AgentStatus.AVAILABLE, new Actor("cat", org, Role.AGENT)).await();
    AgentView back = presence.agent(org, "cat");
    assertEquals(AgentStatus.AVAILABLE, back.status());
    assertNull(back.awayReason());
    assertEquals(0, missedRings("cat"));
  }

  @Test
  void anAnsweredCallForgivesTheMissesBeforeIt() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.maxMissedRings.put(org, 2);
    presence.connect("dan", org, "s-dan");
    presence.publishRangOut("CA-forgive-1", org, List.of("dan"), List.of());
    awaitMissed("dan", 1);

    presence.publishCall("CA-forgive-2", org, CallStatus.ACTIVE, "dan", 2);
    presence.awaitStatus(org, "dan", AgentStatus.BUSY, WAIT);
    presence.publishCall("CA-forgive-2", org, CallStatus.ENDED, "dan", 3);
    presence.awaitStatus(org, "dan", AgentStatus.AVAILABLE, WAIT);
    assertEquals(0, missedRings("dan"));

    presence.publishRangOut("CA-forgive-3", org, List.of("dan"), List.of());
    awaitMissed("dan", 1);
    assertEquals(AgentStatus.AVAILABLE, presence.agent(org, "dan").status(), "one miss since the answer");
  }

  @Test
  void anOrgWithoutALimitNeverPutsAnyoneAway() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("eve", org, "s-eve");
    for (int i = 0; i < 4; i++) {
      presence.publishRangOut("CA-nolimit-" + i, org, List.of("eve"), List.of());
    }
    awaitMissed("eve", 4);
    assertEquals(AgentStatus.AVAILABLE, presence.agent(org, "eve").status(), "the process default is 0: never");
  }

  @Test
  void anAgentAwayByChoiceKeepsItsChoiceAndNoReason() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.maxMissedRings.put(org, 1);
    presence.connect("fay", org, "s-fay");
    presence.setStatus("fay", AgentStatus.AWAY, new Actor("fay", org, Role.AGENT)).await();
    presence.publishRangOut("CA-chose-1", org, List.of("fay"), List.of());
    awaitMissed("fay", 1);
    AgentView fay = presence.agent(org, "fay");
    assertEquals(AgentStatus.AWAY, fay.status());
    assertNull(fay.awayReason(), "away because it chose so, not for missed calls");
  }

  private static List<AgentNotice> notices(String agentId) {
    List<AgentNotice> seen = new CopyOnWriteArrayList<>();
    presence.vertx.eventBus().<JsonObject>consumer(Addresses.agent(agentId),
        m -> seen.add(AgentNotice.fromJson(m.body()))).completion().await();
    return seen;
  }

  private static void awaitNotice(List<AgentNotice> seen) {
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
      PresenceFixture.pause(20);
    }
    assertTrue(!seen.isEmpty(), "no notice within " + WAIT);
  }

  private static void awaitMissed(String agentId, int expected) {
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    while (missedRings(agentId) != expected && System.currentTimeMillis() < deadline) {
      PresenceFixture.pause(20);
    }
    assertEquals(expected, missedRings(agentId), agentId + "'s missed rings");
  }

  private static int missedRings(String agentId) {
    return presence.pool.query("SELECT missed_rings FROM presence.agent_presence WHERE agent_id = '" + agentId + "'")
        .execute().await().iterator().next().getInteger(0);
  }
}
