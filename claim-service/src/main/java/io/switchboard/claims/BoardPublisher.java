package io.switchboard.claims;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.CallView;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * Tells the rest of Switchboard about every call change: the CallView on {@code calls.changed} (for
 * services that derive state from calls), a versioned delta on the org's board, and private notices
 * on {@code agent.<agentId>}.
 */
public final class BoardPublisher {
  private final EventBus bus;
  private final BoardDeltas board;
  private final Consumer<String> orgChanged;

  public BoardPublisher(EventBus bus) {
    this(bus, orgId -> { });
  }

  /** {@code orgChanged}: told the org of every call change (the day counters follow). */
  public BoardPublisher(EventBus bus, Consumer<String> orgChanged) {
    this.bus = bus;
    this.board = new BoardDeltas(bus);
    this.orgChanged = orgChanged;
  }

  public void callChanged(CallView call) {
    // One encoding for both messages: a local delivery copies the body for each consumer anyway.
    JsonObject json = call.toJson();
    bus.publish(Addresses.CALLS_CHANGED, json);
    board.call(call, json);
    orgChanged.accept(call.orgId());
  }

  public void notice(String agentId, AgentNotice notice) {
    board.notice(agentId, notice);
  }

  /** A new call rings these agents. */
  public void ringing(CallView call) {
    // One body for every agent: the same words go to each (a local delivery copies it per consumer).
    board.notices(call.rungAgents(),
        new AgentNotice(AgentNotice.Type.RING, call.callSid(), "Incoming call from " + call.from(), null));
  }

  /** The call was answered by {@code winner}: every other rung agent that has not declined stops ringing. */
  public void answered(CallView call, String winner) {
    board.notices(call.rungAgents().stream()
            .filter(agent -> !agent.equals(winner) && !call.declinedBy().contains(agent)).toList(),
        new AgentNotice(AgentNotice.Type.RING_CANCELLED, call.callSid(), "Another agent answered", winner));
  }

  public void claimExpired(String agentId, String callSid) {
    notice(agentId, new AgentNotice(AgentNotice.Type.CLAIM_EXPIRED, callSid,
        "The call did not connect in time and is ringing again", null));
  }

  /** The ring ended before the agent's phone connected its won claim: the caller went to voicemail. */
  public void claimEndedInVoicemail(String agentId, String callSid) {
    notice(agentId, new AgentNotice(AgentNotice.Type.CLAIM_EXPIRED, callSid,
        "The ring ended before your phone connected; the caller was sent to voicemail", null));
  }
}
