package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.common.contract.AgentStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status rule on its own: facts in, status out, no database. */
class AgentPresenceTest {
  private static final Duration GRACE = Duration.ofSeconds(15);
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void aConnectedAgentIsAvailableAndIdleFromThatMoment() {
    AgentPresence row = AgentPresence.unknown("a", "o", T0.minusSeconds(100)).settle(T0, 1, GRACE);
    assertEquals(AgentStatus.AVAILABLE, row.status());
    assertEquals(T0, row.idleSince());
  }

  @Test
  void withoutConnectionsTheGracePeriodStartsAndOnlyItsEndMakesTheAgentOffline() {
    AgentPresence online = AgentPresence.unknown("a", "o", T0).settle(T0, 1, GRACE);
    AgentPresence closed = online.settle(T0.plusSeconds(1), 0, GRACE);
    assertEquals(AgentStatus.AVAILABLE, closed.status());
    assertEquals(T0.plusSeconds(16), closed.offlineAt());
    assertEquals(AgentStatus.AVAILABLE, closed.settle(T0.plusSeconds(15), 0, GRACE).status());
    AgentPresence gone = closed.settle(T0.plusSeconds(16), 0, GRACE);
    assertEquals(AgentStatus.OFFLINE, gone.status());
    assertNull(gone.offlineAt());
    assertNull(closed.settle(T0.plusSeconds(5), 1, GRACE).offlineAt(), "a reconnect cancels the grace period");
  }

  @Test
  void busyBeatsOfflineAwayAndWrapUpAndAwayOutlastsTheCall() {
    AgentPresence away = AgentPresence.unknown("a", "o", T0).settle(T0, 1, GRACE).withChosen(AgentStatus.AWAY);
    AgentPresence busy = away.holding("CA1").settle(T0, 0, GRACE);
    assertEquals(AgentStatus.BUSY, busy.status());
    assertEquals(AgentStatus.BUSY, busy.settle(T0.plusSeconds(60), 0, GRACE).status());
    AgentPresence after = busy.released(T0.plusSeconds(30)).settle(T0.plusSeconds(1), 1, GRACE);
    assertEquals(AgentStatus.AWAY, after.status());
  }

  @Test
  void wrapUpEndsAtItsDeadlineAndIdleSinceRestartsThen() {
    AgentPresence busy = AgentPresence.unknown("a", "o", T0).settle(T0, 1, GRACE).holding("CA1").settle(T0, 1, GRACE);
    AgentPresence wrapping = busy.released(T0.plusSeconds(40)).settle(T0.plusSeconds(10), 1, GRACE);
    assertEquals(AgentStatus.WRAP_UP, wrapping.status());
    AgentPresence free = wrapping.settle(T0.plusSeconds(40), 1, GRACE);
    assertEquals(AgentStatus.AVAILABLE, free.status());
    assertNull(free.wrapUpUntil());
    assertEquals(T0.plusSeconds(40), free.idleSince());
  }
}
