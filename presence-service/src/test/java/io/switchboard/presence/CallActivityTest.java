package io.switchboard.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Busy, wrap-up and available derived from the claim-service's call changes. Two presence
 * instances run side by side on one database, as on two nodes: both receive every published call
 * change, and each change must still produce exactly one delta.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class CallActivityTest {
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
  void anAgentWhoseCallEndsIsAvailableAgainWithinOneSecondAndTheDeltaIsPublished() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("amy", org, "s-amy");
    presence.publishCall("CA-end-1", org, CallStatus.ACTIVE, "amy", 2);
    presence.awaitDelta("amy", AgentStatus.BUSY, WAIT);

    long ended = System.currentTimeMillis();
    presence.publishCall("CA-end-1", org, CallStatus.ENDED, "amy", 3);
    presence.awaitStatus(org, "amy", AgentStatus.AVAILABLE, WAIT);
    List<AgentStatus> seen = awaitStatuses("amy", 3);
    PresenceFixture.Seen back = lastOf("amy");

    assertEquals(AgentStatus.AVAILABLE, back.agent().status());
    assertTrue(back.atMillis() - ended < 1_000, "available " + (back.atMillis() - ended) + " ms after the end");
    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.BUSY, AgentStatus.AVAILABLE), seen,
        "one delta per change although two presence instances saw every call change");
    assertEquals(List.of(1L, 2L, 3L), versions("amy"));
    assertEquals("CA-end-1", presence.deltasOf("amy").get(1).agent().callSid());
    assertEquals(null, back.agent().callSid());
    assertEquals(List.of("amy"), presence.available(org).stream().map(a -> a.agentId()).toList());
  }

  @Test
  void aNewlyRingingCallCostsPresenceNoWriteAndItsAnswerStillMakesTheAgentBusy() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("nia", org, "s-nia");
    presence.connect("ola", org, "s-ola");
    presence.publishCall("CA-new-1", org, CallStatus.RINGING, null, 1);
    // Changes are handled in the order they arrive: once nia's later call made her busy, the
    // ringing call has been handled too.
    presence.publishCall("CA-new-2", org, CallStatus.ACTIVE, "nia", 2);
    presence.awaitDelta("nia", AgentStatus.BUSY, WAIT);
    assertEquals(0L, seen("CA-new-1"), "a call just created is nobody's yet: nothing to record");

    presence.publishCall("CA-new-1", org, CallStatus.ACTIVE, "ola", 2);
    presence.awaitDelta("ola", AgentStatus.BUSY, WAIT);
    assertEquals("CA-new-1", presence.agent(org, "ola").callSid(), "its answer applies as usual");
    assertEquals(1L, seen("CA-new-1"));
  }

  private static long seen(String callSid) {
    return presence.pool.preparedQuery("SELECT count(*) FROM presence.calls_seen WHERE call_sid = $1")
        .execute(Tuple.of(callSid)).await().iterator().next().getLong(0);
  }

  @Test
  void afterAnEndedCallTheAgentWrapsUpForItsOrgsTimeThenIsAvailable() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.wrapUpSeconds.put(org, 1);
    presence.connect("wes", org, "s-wes");
    presence.publishCall("CA-wrap-1", org, CallStatus.ACTIVE, "wes", 2);
    presence.awaitDelta("wes", AgentStatus.BUSY, WAIT);

    long ended = System.currentTimeMillis();
    presence.publishCall("CA-wrap-1", org, CallStatus.ENDED, "wes", 3);
    PresenceFixture.Seen wrapUp = presence.awaitDelta("wes", AgentStatus.WRAP_UP, WAIT);
    assertTrue(wrapUp.atMillis() - ended < 1_000);
    assertEquals(List.of(), presence.available(org), "nobody rings an agent in wrap-up");

    presence.awaitStatus(org, "wes", AgentStatus.AVAILABLE, WAIT);
    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.BUSY, AgentStatus.WRAP_UP, AgentStatus.AVAILABLE),
        awaitStatuses("wes", 4));
    PresenceFixture.Seen free = lastOf("wes");
    assertTrue(free.atMillis() - wrapUp.atMillis() >= 900, "wrap-up lasted the org's second");
  }

  @Test
  void aParkedOrReleasedCallFreesItsAgentAtOnceWithoutWrapUp() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.wrapUpSeconds.put(org, 60);
    presence.connect("pat", org, "s-pat");
    presence.connect("rex", org, "s-rex");
    presence.publishCall("CA-park-1", org, CallStatus.ACTIVE, "pat", 2);
    presence.awaitStatus(org, "pat", AgentStatus.BUSY, WAIT);

    presence.publishCall("CA-park-1", org, CallStatus.PARKED, "pat", 3);
    presence.awaitStatus(org, "pat", AgentStatus.AVAILABLE, WAIT);

    // Unparked onto another agent's card: that agent is now the busy one.
    presence.publishCall("CA-park-1", org, CallStatus.ACTIVE, "rex", 4);
    presence.awaitStatus(org, "rex", AgentStatus.BUSY, WAIT);
    assertEquals(AgentStatus.AVAILABLE, presence.agent(org, "pat").status());

    presence.publishCall("CA-park-1", org, CallStatus.RINGING, null, 5);
    presence.awaitStatus(org, "rex", AgentStatus.AVAILABLE, WAIT);
  }

  @Test
  void anAgentWhoChoseAwayDuringTheCallStaysAwayWhenItEnds() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("ava", org, "s-ava");
    presence.publishCall("CA-away-1", org, CallStatus.ACTIVE, "ava", 2);
    presence.awaitStatus(org, "ava", AgentStatus.BUSY, WAIT);
    String shown = presence.setStatus("ava", AgentStatus.AWAY, new Actor("ava", org, Role.AGENT)).await()
        .getString("status");
    assertEquals("busy", shown, "still on the phone");

    presence.publishCall("CA-away-1", org, CallStatus.ENDED, "ava", 3);
    presence.awaitStatus(org, "ava", AgentStatus.AWAY, WAIT);
    assertEquals(List.of(), presence.available(org));
  }

  @Test
  void repeatedAndOvertakenCallChangesNeitherBumpVersionsNorLeaveAGhostBusyAgent() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("dan", org, "s-dan");
    presence.publishCall("CA-dup-1", org, CallStatus.ACTIVE, "dan", 2);
    presence.publishCall("CA-dup-1", org, CallStatus.ACTIVE, "dan", 2);
    presence.publishCall("CA-dup-1", org, CallStatus.ENDED, "dan", 3);
    presence.publishCall("CA-dup-1", org, CallStatus.ENDED, "dan", 3);
    // The "active" change arriving late, e.g. from another claim-service node.
    presence.publishCall("CA-dup-1", org, CallStatus.ACTIVE, "dan", 2);

    presence.awaitDelta("dan", AgentStatus.BUSY, WAIT);
    presence.awaitStatus(org, "dan", AgentStatus.AVAILABLE, WAIT);
    // Another call for the same agent after all that is still followed.
    presence.publishCall("CA-dup-2", org, CallStatus.ACTIVE, "dan", 2);
    presence.awaitStatus(org, "dan", AgentStatus.BUSY, WAIT);

    assertEquals(List.of(AgentStatus.AVAILABLE, AgentStatus.BUSY, AgentStatus.AVAILABLE, AgentStatus.BUSY),
        awaitStatuses("dan", 4));
    assertEquals(List.of(1L, 2L, 3L, 4L), versions("dan"));
  }

  @Test
  void anEndedCallOvertakingItsActiveChangeNeverMakesTheAgentBusy() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.connect("eve", org, "s-eve");
    presence.publishCall("CA-late-1", org, CallStatus.ENDED, "eve", 3);
    presence.publishCall("CA-late-1", org, CallStatus.ACTIVE, "eve", 2);
    // A later, unrelated call proves both changes above have been handled (one queue per call, so
    // wait for a visible effect instead): the first call is checked after this one shows.
    presence.publishCall("CA-late-2", org, CallStatus.ACTIVE, "eve", 2);
    presence.awaitStatus(org, "eve", AgentStatus.BUSY, WAIT);

    assertEquals("CA-late-2", presence.agent(org, "eve").callSid());
  }

  @Test
  void whenTheDirectoryDoesNotAnswerTheDefaultWrapUpIsUsedAndTheAgentIsStillBackInASecond() {
    String org = presence.watch(PresenceFixture.newOrg());
    presence.directoryDown.add(org);
    presence.connect("ned", org, "s-ned");
    presence.publishCall("CA-down-1", org, CallStatus.ACTIVE, "ned", 2);
    presence.awaitDelta("ned", AgentStatus.BUSY, WAIT);

    long ended = System.currentTimeMillis();
    presence.publishCall("CA-down-1", org, CallStatus.ENDED, "ned", 3);
    presence.awaitStatus(org, "ned", AgentStatus.AVAILABLE, WAIT);
    assertTrue(lastOf("ned").atMillis() - ended < 1_000);
  }

  private static PresenceFixture.Seen lastOf(String agentId) {
    List<PresenceFixture.Seen> seen = presence.deltasOf(agentId);
    return seen.get(seen.size() - 1);
  }

  private static List<AgentStatus> statuses(String agentId) {
    return presence.deltasOf(agentId).stream().map(s -> s.agent().status()).toList();
  }

  private static List<Long> versions(String agentId) {
    return presence.deltasOf(agentId).stream().map(s -> s.delta().version()).toList();
  }

  /** The statuses of the agent's deltas once at least {@code count} arrived (deltas trail the rows). */
  private static List<AgentStatus> awaitStatuses(String agentId, int count) {
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    while (presence.deltasOf(agentId).size() < count && System.currentTimeMillis() < deadline) {
      PresenceFixture.pause(20);
    }
    PresenceFixture.pause(100);
    return statuses(agentId);
  }
}
