package io.switchboard.presence;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives busy and wrap-up from the claim-service's call changes ({@code calls.changed}): the agent
 * an active call is assigned to is busy; an agent whose call left active is available again, or in
 * wrap-up for its org's after-call time when the call ended. Every presence instance receives every
 * change; the row lock and the call version stored per agent make the repeats no-ops.
 */
final class CallActivityListener {
  private static final Logger LOG = LoggerFactory.getLogger(CallActivityListener.class);

  private final Vertx vertx;
  private final PresenceStore store;
  private final WrapUpTimes wrapUpTimes;
  private final Map<String, Future<Void>> pending = new HashMap<>();

  CallActivityListener(Vertx vertx, PresenceStore store, WrapUpTimes wrapUpTimes) {
    this.vertx = vertx;
    this.store = store;
    this.wrapUpTimes = wrapUpTimes;
  }

  Future<Void> start() {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(Addresses.CALLS_CHANGED, message -> {
      CallView call;
      try {
        call = CallView.fromJson((JsonObject) message.body());
      } catch (RuntimeException e) {
        LOG.warn("ignoring a malformed calls.changed message: {}", e.getMessage());
        return;
      }
      inOrder(call);
    });
    return consumer.completion();
  }

  /**
   * Applies the changes of one call one after another: "active" and "ended" published a moment
   * apart must not race, or "ended" could look for the agent before "active" has made it busy.
   * Runs on this verticle's event loop only, so the map needs no locking.
   */
  private void inOrder(CallView call) {
    String sid = call.callSid();
    Future<Void> previous = pending.getOrDefault(sid, Future.succeededFuture());
    Future<Void> next = previous.eventually(() -> apply(call)
        .onFailure(t -> LOG.warn("presence could not follow call {}: {}", sid, t.toString())));
    pending.put(sid, next);
    next.onComplete(ar -> pending.remove(sid, next));
  }

  Future<Void> apply(CallView call) {
    String holder = call.status() == CallStatus.ACTIVE ? call.assignedTo() : null;
    return store.agentsOfCall(call.callSid(), call.assignedTo()).compose(agents -> {
      List<String> released = agents.stream().filter(a -> !a.equals(holder)).toList();
      Future<?> held = holder == null ? Future.succeededFuture() : hold(holder, call);
      return held.compose(v -> release(released, call));
    });
  }

  private Future<?> hold(String agentId, CallView call) {
    return store.change(agentId, call.orgId(), PresenceStore.ConnectionEdit.NONE, (row, now) ->
        row.hasSeen(call.callSid(), call.version()) ? row : row.holding(call.callSid(), call.version()));
  }

  private Future<Void> release(List<String> agents, CallView call) {
    if (agents.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Duration> wrapUp = call.status() == CallStatus.ENDED
        ? wrapUpTimes.of(call.orgId())
        : Future.succeededFuture(Duration.ZERO);
    return wrapUp.compose(duration -> Future.all(agents.stream()
        .map(agentId -> store.change(agentId, null, PresenceStore.ConnectionEdit.NONE,
            (row, now) -> released(row, call, now, duration)))
        .toList())).mapEmpty();
  }

  /**
   * The agent lets go of the call. A stale change is ignored; an agent that does not hold the call
   * (the change overtook the one that made it busy) only remembers the change, so the older one is
   * ignored when it arrives.
   */
  private static AgentPresence released(AgentPresence row, CallView call, Instant now, Duration wrapUp) {
    if (row.hasSeen(call.callSid(), call.version())) {
      return row;
    }
    if (!call.callSid().equals(row.callSid())) {
      return row.callSid() == null ? row.sawCall(call.callSid(), call.version()) : row;
    }
    Instant wrapUpEnds = wrapUp.isZero() ? null : now.plus(wrapUp);
    return row.released(call.callSid(), call.version(), wrapUpEnds);
  }
}
