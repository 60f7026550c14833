package io.switchboard.presence;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.AgentView;
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
 * wrap-up for its org's after-call time when the call ended. A call that rang out to voicemail
 * unanswered counts a missed ring for every agent it rang that did not decline it; at the org's
 * limit in a row the agent is put away ("missed calls") and told so (FreeSWITCH's max-no-answer:
 * an agent who is not at the phone stops being rung). Every presence instance receives every
 * change; the store applies each call version once (the first instance to claim it) and drops a
 * change overtaken by a newer one.
 */
final class CallActivityListener {
  private static final Logger LOG = LoggerFactory.getLogger(CallActivityListener.class);

  /** The version a call is created with (claims.calls.version's default). */
  static final long FIRST_VERSION = 1;

  private final Vertx vertx;
  private final PresenceStore store;
  private final OrgSettings settings;
  private final BoardDeltas board;
  private final Map<String, Future<Void>> pending = new HashMap<>();

  CallActivityListener(Vertx vertx, PresenceStore store, OrgSettings settings, BoardDeltas board) {
    this.vertx = vertx;
    this.store = store;
    this.settings = settings;
    this.board = board;
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
    if (holder == null && call.version() == FIRST_VERSION) {
      // A call just created: nobody holds it and nobody can have held it, so there is nothing to
      // apply and nothing later versions need ordering against (every inbound call would otherwise
      // cost presence a transaction of its own).
      return Future.succeededFuture();
    }
    List<String> missed = missedBy(call);
    boolean ended = call.status() == CallStatus.ENDED;
    Future<OrgSettings.Settings> org = ended || !missed.isEmpty()
        ? settings.of(call.orgId())
        : Future.succeededFuture(new OrgSettings.Settings(Duration.ZERO, 0));
    return org.compose(s -> {
      Duration wrapUp = ended ? s.wrapUp() : Duration.ZERO;
      return store.applyCall(call.callSid(), call.version(), call.orgId(), holder, missed,
          (row, now) -> row.holding(call.callSid()),
          (row, now) -> released(row, call, now, wrapUp),
          (row, now) -> row.missedRing(s.maxMissedRings()))
          .map(cards -> {
            cards.stream().filter(row -> missed.contains(row.agentId()))
                .filter(row -> AgentView.MISSED_RINGS.equals(row.view().awayReason()))
                .forEach(row -> board.notice(row.agentId(), new AgentNotice(AgentNotice.Type.MISSED_RINGS,
                    call.callSid(), "You missed " + row.missedRings() + " calls in a row, so you are now away and"
                        + " not rung. Set yourself available when you are back.", null)));
            return null;
          });
    });
  }

  /**
   * The agents that missed this call's ring: it went to voicemail without anyone answering (not
   * a claim that failed to connect, not everyone declining), and they were rung and did not decline.
   */
  static List<String> missedBy(CallView call) {
    if (call.status() != CallStatus.VOICEMAIL || call.answeredAt() != null || call.assignedTo() != null) {
      return List.of();
    }
    return call.rungAgents().stream().filter(agent -> !call.declinedBy().contains(agent)).toList();
  }

  /** The agent lets go of the call, unless it holds another one by now. */
  private static AgentPresence released(AgentPresence row, CallView call, Instant now, Duration wrapUp) {
    if (!call.callSid().equals(row.callSid())) {
      return row;
    }
    return row.released(wrapUp.isZero() ? null : now.plus(wrapUp));
  }
}
