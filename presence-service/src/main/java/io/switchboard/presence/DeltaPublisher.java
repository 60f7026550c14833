package io.switchboard.presence;

import io.switchboard.common.metrics.Metrics;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.BoardDelta;
import io.vertx.core.eventbus.EventBus;

/** Publishes an agent's new card on its org's board, as a versioned delta. */
final class DeltaPublisher {
  private final EventBus bus;

  DeltaPublisher(EventBus bus) {
    this.bus = bus;
  }

  void publish(AgentPresence row) {
    BoardDelta delta = BoardDelta.upsert(BoardDelta.Kind.AGENT, row.agentId(), row.version(), row.view().toJson());
    bus.publish(Addresses.board(row.orgId()), delta.toJson());
    Metrics.boardDelta("agent");
  }
}
