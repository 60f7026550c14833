package io.switchboard.parking;

import static io.switchboard.stack.StackHarness.NUMBER;
import static io.switchboard.stack.StackHarness.ORG;
import static io.switchboard.stack.StackHarness.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.ParkRequest;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.sim.IncomingCall;
import io.switchboard.sim.SimCall;
import io.switchboard.sim.SimDevice;
import io.switchboard.stack.StackHarness;
import io.switchboard.voice.VoiceWebhookModule;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retrieval by spot from any phone, through telephony-sim: someone calls the org's number and keys
 * {@code *} and the spot. The keypad listens (a {@code <Gather>}) only while the org has parked calls;
 * its timeout is 10 s (0.1 s at the sim's scale) so the test's keys land inside it.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class ParkSpotKeypadTest {
  StackHarness h;
  int callers;

  @BeforeEach
  void start(TestDatabase db) {
    h = harness(db, "10");
  }

  private static StackHarness harness(TestDatabase db, String keypadSeconds) {
    return StackHarness.start(db,
        List.of(new ClaimServiceModule(), new VoiceWebhookModule(), new ParkingServiceModule()), Map.of(
        "SWITCHBOARD_RING_TIMEOUT_SECONDS", "200", "SWITCHBOARD_PARK_TIMEOUT_SECONDS", "3000",
        "SWITCHBOARD_SPOT_KEYPAD_SECONDS", keypadSeconds));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** A caller connected to {@code agent}, then parked by it; answers its parked view once it waits in the lot. */
  ParkedView parkedCall(String agent) {
    h.setAvailable(agent);
    SimDevice device = h.sim.device(agent);
    SimCall caller = h.sim.inboundCall(nextNumber(), NUMBER).await();
    IncomingCall ring = device.nextIncoming(WITHIN).await();
    h.available.clear();
    assertTrue(h.claim(caller.sid(), agent).won());
    ring.accept().await();
    h.awaitCall(caller.sid(), c -> c.status() == CallStatus.ACTIVE, "active");
    StackHarness.until(() -> h.count("SELECT count(*) FROM claims.calls WHERE connected_at IS NOT NULL AND call_sid = '"
        + caller.sid() + "'") == 1 ? Boolean.TRUE : null, "connected");
    ParkedView parked = ParkedView.fromJson(h.request(Addresses.PARKING_PARK,
        new ParkRequest(caller.sid(), agent, new Actor(agent, ORG, Role.AGENT)).toJson()));
    StackHarness.until(() -> h.sim.conferenceParticipants(parked.conferenceName()).contains(caller.sid())
        ? Boolean.TRUE : null, "caller in " + parked.conferenceName());
    return parked;
  }

  String nextNumber() {
    return "+1555000" + String.format("%04d", ++callers);
  }

  @Test
  @DisplayName("two people keying the same spot at once: one is connected to the caller, the other hears the spot is empty")
  void twoRetrievalsOfOneSpotGiveOneWinner() {
    ParkedView parked = parkedCall("agent-a");
    SimCall one = h.sim.inboundCall("+15557770001", NUMBER).await();
    SimCall two = h.sim.inboundCall("+15557770002", NUMBER).await();
    one.awaitEvent("gather", WITHIN).await();
    two.awaitEvent("gather", WITHIN).await();
    Future.all(one.press("*1#"), two.press("*1#")).await();

    List<SimCall> both = List.of(one, two);
    StackHarness.until(() -> both.stream().allMatch(c -> c.heard().stream()
        .anyMatch(t -> t.startsWith("Connecting you") || t.startsWith("There is no parked call"))) ? Boolean.TRUE : null,
        "both told");
    List<SimCall> winners = both.stream()
        .filter(c -> c.heard().contains("Connecting you to the call parked in spot 1.")).toList();
    assertEquals(1, winners.size(), "one winner");
    SimCall loser = winners.get(0) == one ? two : one;
    assertTrue(loser.heard().contains("There is no parked call in spot 1. Goodbye."));
    StackHarness.until(() -> h.sim.hears(parked.callSid()).await().contains(winners.get(0).sid()) ? Boolean.TRUE : null,
        "the caller hears the winner");
  }

  /** Someone calls the org's number and, while the keypad listens, keys {@code keys}. */
  SimCall dialInAndKey(String keys) {
    SimCall retriever = h.sim.inboundCall("+15557770001", NUMBER).await();
    retriever.awaitEvent("gather", WITHIN).await();
    retriever.press(keys).await();
    return retriever;
  }

  long rowsOf(String callSid) {
    return h.count("SELECT count(*) FROM parking.parked_calls WHERE call_sid = '" + callSid + "'");
  }

  @Test
  @DisplayName("keying * and the right spot connects the retriever to the parked caller; the spot is freed and the board cleared")
  void keyingTheRightSpotConnectsTheRetrieverToTheParkedCaller() {
    ParkedView first = parkedCall("agent-a");
    ParkedView second = parkedCall("agent-b");
    assertEquals(List.of(1, 2), List.of(first.spot(), second.spot()));

    SimCall retriever = dialInAndKey("*2#");
    retriever.awaitEvent(e -> "say".equals(e.type()) && e.get("text").contains("Connecting you to the call parked in spot 2"),
        "the retriever is told", WITHIN).await();
    StackHarness.until(() -> h.sim.hears(retriever.sid()).await().contains(second.callSid()) ? Boolean.TRUE : null,
        "the retriever hears the caller of spot 2");
    assertTrue(h.sim.hears(second.callSid()).await().contains(retriever.sid()), "and the caller hears the retriever");
    assertFalse(h.sim.hears(retriever.sid()).await().contains(first.callSid()), "spot 1's caller is not in it");

    assertEquals(0, rowsOf(second.callSid()), "spot 2 left the lot");
    assertEquals(1, rowsOf(first.callSid()), "spot 1 is still parked");
    h.awaitDelta(d -> "parked".equals(d.getString("kind")) && "remove".equals(d.getString("op"))
        && second.parkedId().equals(d.getString("key")),
        "spot 2 removed from the boards");
    h.awaitCall(second.callSid(), c -> c.status() == CallStatus.ENDED && "retrieved from spot 2 by phone".equals(c.endReason()),
        "off the board, retrieved by phone");
    assertEquals(0, h.count("SELECT count(*) FROM claims.calls WHERE call_sid = '" + retriever.sid() + "'"),
        "the retriever's own call never rang the agents");

    ParkedView third = parkedCall("agent-c");
    assertEquals(2, third.spot(), "the freed spot is reused");
  }

  @Test
  @DisplayName("a wrong spot hears that nothing is parked there, and the parked call stays in the lot")
  void keyingAnEmptySpotHearsAClearMessage() {
    ParkedView parked = parkedCall("agent-a");
    SimCall retriever = dialInAndKey("*7#");
    retriever.awaitEvent(e -> "say".equals(e.type()) && e.get("text").equals("There is no parked call in spot 7. Goodbye."),
        "the empty-spot message", WITHIN).await();
    retriever.awaitEvent(e -> "status".equals(e.type()) && "completed".equals(e.get("status")), "hung up", WITHIN).await();
    assertEquals(1, rowsOf(parked.callSid()));
    assertFalse(h.sim.hears(parked.callSid()).await().contains(retriever.sid()), "the retriever did not join the parked caller");
  }

  @Test
  @DisplayName("a spot whose caller hung up is empty: the retriever (keying *1 and waiting) hears so")
  void aSpotWhoseCallerHungUpHearsItIsEmpty() {
    ParkedView gone = parkedCall("agent-a");
    parkedCall("agent-b");
    h.sim.call(gone.callSid()).orElseThrow().hangUp().await();
    StackHarness.until(() -> rowsOf(gone.callSid()) == 0 ? Boolean.TRUE : null, "spot 1 freed when its caller hung up");

    SimCall retriever = dialInAndKey("*1");
    retriever.awaitEvent(e -> "say".equals(e.type()) && e.get("text").equals("There is no parked call in spot 1. Goodbye."),
        "the empty-spot message after the keypad's timeout", WITHIN).await();
  }

  @Test
  @DisplayName("a caller who keys nothing rings the agents after the keypad; with an empty lot it rings at once")
  void callersWhoKeyNothingRingAsUsual() {
    SimDevice agent = h.sim.device("agent-z");
    h.setAvailable("agent-z");
    SimCall plain = h.sim.inboundCall(nextNumber(), NUMBER).await();
    agent.nextIncoming(WITHIN).await().reject().await();
    assertTrue(plain.events().stream().noneMatch(e -> "gather".equals(e.type())), "no keypad with an empty lot");
    plain.hangUp().await();

    parkedCall("agent-a");
    h.setAvailable("agent-z");
    SimCall caller = h.sim.inboundCall(nextNumber(), NUMBER).await();
    caller.awaitEvent("gather", WITHIN).await();
    IncomingCall ring = agent.nextIncoming(WITHIN).await();
    assertEquals(caller.sid(), ring.parameters().get("callSid"), "after the silent keypad the caller rings the agents");
  }

  @Test
  void withTheKeypadOffCallersRingAtOnceEvenWhileCallsAreParked(TestDatabase db) {
    h.close();
    h = harness(db, "0"); // the default: retrieval by keypad off
    parkedCall("agent-a");
    SimDevice agent = h.sim.device("agent-z");
    h.setAvailable("agent-z");
    SimCall caller = h.sim.inboundCall(nextNumber(), NUMBER).await();
    IncomingCall ring = agent.nextIncoming(WITHIN).await();
    assertEquals(caller.sid(), ring.parameters().get("callSid"));
    assertTrue(caller.events().stream().noneMatch(e -> "gather".equals(e.type())),
        "no keypad while it is off, although a call is parked");
  }
}
