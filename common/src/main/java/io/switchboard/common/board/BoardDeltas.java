package io.switchboard.common.board;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardDelta;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.ParkedView;
import io.switchboard.common.contract.VoicemailView;
import io.switchboard.common.metrics.Metrics;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * Publishes every change a board shows, whichever service made it: one versioned {@link BoardDelta}
 * ({@code {kind, op, key, version, data}}) on {@code board.<orgId>}, counted in
 * {@code switchboard.board.deltas} by kind. Browsers apply a delta only when its version is newer
 * than the one they hold for its key, and the bridge encodes each frame once per node for all its
 * sockets, so the frame's shape and each kind's key and version are decided here and nowhere else.
 */
public final class BoardDeltas {
  private final EventBus bus;

  public BoardDeltas(EventBus bus) {
    this.bus = bus;
  }

  /**
   * A call's card; an ended call leaves the board. {@code encoded} is {@code call.toJson()}, passed in
   * so a caller that also publishes the call elsewhere encodes it once.
   */
  public void call(CallView call, JsonObject encoded) {
    publish(call.orgId(), call.status() == CallStatus.ENDED
        ? BoardDelta.remove(BoardDelta.Kind.CALL, call.callSid(), call.version(), encoded)
        : BoardDelta.upsert(BoardDelta.Kind.CALL, call.callSid(), call.version(), encoded));
  }

  /** A private message to one agent on {@code agent.<agentId>} (not a board delta: no version). */
  public void notice(String agentId, AgentNotice notice) {
    bus.publish(Addresses.agent(agentId), notice.toJson());
  }

  /** The same notice to each of {@code agentIds}, encoded once (a ring goes to up to ten agents). */
  public void notices(Collection<String> agentIds, AgentNotice notice) {
    JsonObject encoded = notice.toJson();
    for (String agentId : agentIds) {
      bus.publish(Addresses.agent(agentId), encoded);
    }
  }

  /** An agent's card. */
  public void agent(AgentView agent) {
    publish(agent.orgId(), BoardDelta.upsert(BoardDelta.Kind.AGENT, agent.agentId(), agent.version(), agent.toJson()));
  }

  /** A call in the parking lot. */
  public void parked(ParkedView parked) {
    publish(parked.orgId(),
        BoardDelta.upsert(BoardDelta.Kind.PARKED, parked.parkedId(), parked.version(), parked.toJson()));
  }

  /**
   * A call left the parking lot. {@code version}: the row's version after the change that took it
   * out (a deleted row: its last version + 1), so a return to the lot (a newer version) shows it again.
   */
  public void parkedGone(ParkedView parked, long version) {
    publish(parked.orgId(), BoardDelta.remove(BoardDelta.Kind.PARKED, parked.parkedId(), version, parked.toJson()));
  }

  /** A voicemail's card. */
  public void voicemail(VoicemailView voicemail) {
    publish(voicemail.orgId(), BoardDelta.upsert(BoardDelta.Kind.VOICEMAIL, voicemail.voicemailId(),
        voicemail.version(), voicemail.toJson()));
  }

  /**
   * The org's day counters. {@code version}: when they were computed (the database's clock, epoch ms),
   * so the newest counters win on a board whichever instance computed them.
   */
  public void stats(String orgId, long version, JsonObject stats) {
    publish(orgId, BoardDelta.upsert(BoardDelta.Kind.STATS, orgId, version, stats));
  }

  private void publish(String orgId, BoardDelta delta) {
    bus.publish(Addresses.board(orgId), delta.toJson());
    Metrics.boardDelta(Fields.lower(delta.kind()));
  }
}
