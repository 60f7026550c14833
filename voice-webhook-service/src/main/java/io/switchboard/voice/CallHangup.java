package io.switchboard.voice;

import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.HangupRequest;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code calls.hangup}: the one way to hang a call up from the server. Who may, decided here:
 * <ul>
 *   <li>the call's own agent, its active call (its phone may not hold the leg): reason "agent-hung-up";
 *       any other state is a 409, an ended call included;</li>
 *   <li>an admin (or Switchboard), any live call of its org whatever its state, including one stuck on
 *       the board that Twilio no longer knows: reason "ended-by-admin"; a call that already ended is
 *       returned as it is;</li>
 *   <li>anyone else 403. Another org's call is the claim-service's 404, the same as an unknown one.</li>
 * </ul>
 * The caller's call is completed at Twilio first; Twilio's 404/4xx means the caller is gone already,
 * so the call is ended here anyway. Twilio unreachable is a 503 and nothing changes.
 */
final class CallHangup {
  private static final Logger LOG = LoggerFactory.getLogger(CallHangup.class);
  static final String HUNG_UP_BY_AGENT = "agent-hung-up";
  static final String ENDED_BY_ADMIN = "ended-by-admin";
  static final String TWILIO_UNAVAILABLE = "the call could not be hung up: Twilio is unavailable";

  private final VoicePeers others;
  private final TwilioRest rest;

  CallHangup(VoicePeers others, TwilioRest rest) {
    this.others = others;
    this.rest = rest;
  }

  Future<JsonObject> hangup(JsonObject json) {
    HangupRequest request = HangupRequest.fromJson(json);
    Actor actor = request.actor();
    return others.call(request.callSid(), actor)
        .compose(call -> actor.isPrivileged() ? byAdmin(call, actor) : byAgent(call, actor))
        .map(CallView::toJson);
  }

  private Future<CallView> byAdmin(CallView call, Actor actor) {
    if (call.status() == CallStatus.ENDED) {
      return Future.succeededFuture(call);
    }
    return completeAtTwilio(call.callSid()).compose(v -> end(call, ENDED_BY_ADMIN, actor));
  }

  private Future<CallView> byAgent(CallView call, Actor actor) {
    if (!actor.id().equals(call.assignedTo())) {
      throw Failures.forbidden("only the agent on the call or an admin can hang it up");
    }
    if (call.status() != CallStatus.ACTIVE) {
      throw Conflict.status(call.status()).failure("the call is not active");
    }
    return completeAtTwilio(call.callSid()).compose(v -> end(call, HUNG_UP_BY_AGENT, actor));
  }

  /**
   * Completes the caller's call at Twilio, which ends every leg bridged to it. A call Twilio no longer
   * has, or refuses to complete because it is over (4xx), is fine: the caller is gone. Anything else
   * (down, busy) is a 503 with a message of our own, never Twilio's text.
   */
  private Future<Void> completeAtTwilio(String callSid) {
    return rest.call(c -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(c))
        .<Void>mapEmpty()
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND || Failures.code(t) == FailureCode.CONFLICT
            ? Future.succeededFuture()
            : Future.failedFuture(Failures.unavailable(TWILIO_UNAVAILABLE)));
  }

  /**
   * Ends the call as Switchboard (any live state may end), recording in the call's timeline who hung it
   * up: the END is asked for by Switchboard on behalf of {@code by}, whose permission was checked above.
   */
  private Future<CallView> end(CallView call, String reason, Actor by) {
    LOG.info("{} ({}, {}) hung up from the server by {}: {}", call.callSid(), call.status(), call.assignedTo(),
        by.id(), reason);
    return others.transition(new Actor(by.id(), call.orgId(), Role.SYSTEM), call.callSid(), Transition.END, null,
        reason)
        // Twilio's own status webhook may have ended it first: return it as it is now.
        .recover(t -> Failures.code(t) == FailureCode.CONFLICT
            ? others.call(call.callSid(), Actor.system(call.orgId()))
            : Future.failedFuture(t));
  }
}
