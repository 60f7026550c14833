package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AvailableAgentsTest {
  private static PresenceFixture presence;

  @BeforeAll
  static void start(TestDatabase db) {
    presence = PresenceFixture.start(db, Map.of("SWITCHBOARD_PRESENCE_GRACE_SECONDS", "1"));
  }

  @AfterAll
  static void stop() {
    presence.close();
  }

  @Test
  void ringableAgentsComeLongestIdleFirstAndAnAgentBackFromACallGoesToTheEnd() {
    String org = PresenceFixture.newOrg();
    presence.connect("ann", org, "c-ann");
    presence.connect("bob", org, "c-bob");
    presence.connect("cat", org, "c-cat");

    assertEquals(List.of("ann", "bob", "cat"), ids(presence.available(org)));

    presence.publishCall("CA-idle-1", org, CallStatus.ACTIVE, "ann", 2);
    presence.awaitStatus(org, "ann", AgentStatus.BUSY, Duration.ofSeconds(2));
    assertEquals(List.of("bob", "cat"), ids(presence.available(org)));

    presence.publishCall("CA-idle-1", org, CallStatus.ENDED, "ann", 3);
    presence.awaitStatus(org, "ann", AgentStatus.AVAILABLE, Duration.ofSeconds(2));
    List<AgentView> available = presence.available(org);
    assertEquals(List.of("bob", "cat", "ann"), ids(available));
    available.forEach(a -> assertNotNull(a.idleSince(), "an available agent says since when it is idle"));
    assertEquals(true, available.get(0).idleSince().isBefore(available.get(2).idleSince()));
  }

  @Test
  void awayBusyWrapUpAndOfflineAgentsAreNeverReturned() {
    String org = PresenceFixture.newOrg();
    presence.wrapUpSeconds.put(org, 60);
    for (String agent : List.of("free", "away", "busy", "wrap", "gone")) {
      presence.connect(agent, org, "c-" + agent);
    }
    presence.setStatus("away", AgentStatus.AWAY, new Actor("away", org, Role.AGENT)).await();
    presence.publishCall("CA-busy", org, CallStatus.ACTIVE, "busy", 2);
    presence.publishCall("CA-wrap", org, CallStatus.ACTIVE, "wrap", 2);
    presence.publishCall("CA-wrap", org, CallStatus.ENDED, "wrap", 3);
    presence.disconnect("gone", org, "c-gone");

    presence.awaitStatus(org, "busy", AgentStatus.BUSY, Duration.ofSeconds(2));
    presence.awaitStatus(org, "wrap", AgentStatus.WRAP_UP, Duration.ofSeconds(2));
    presence.awaitStatus(org, "gone", AgentStatus.OFFLINE, Duration.ofSeconds(4));

    assertEquals(List.of("free"), ids(presence.available(org)));
    assertEquals(Map.of("free", AgentStatus.AVAILABLE, "away", AgentStatus.AWAY, "busy", AgentStatus.BUSY,
        "wrap", AgentStatus.WRAP_UP, "gone", AgentStatus.OFFLINE), statuses(presence.board(org)));
    AgentView busy = presence.agent(org, "busy");
    assertEquals("CA-busy", busy.callSid());
    assertNull(busy.idleSince(), "a busy agent is not idle");
  }

  @Test
  void anotherOrgsAgentsAreNeitherRingableNorOnTheBoard() {
    String org = PresenceFixture.newOrg();
    String other = PresenceFixture.newOrg();
    presence.connect("mine", org, "c-mine");
    presence.connect("theirs", other, "c-theirs");

    assertEquals(List.of("mine"), ids(presence.available(org)));
    assertEquals(List.of("mine"), ids(presence.board(org)));
  }

  private static List<String> ids(List<AgentView> agents) {
    return agents.stream().map(AgentView::agentId).toList();
  }

  private static Map<String, AgentStatus> statuses(List<AgentView> agents) {
    return agents.stream().collect(Collectors.toMap(AgentView::agentId, AgentView::status));
  }
}
