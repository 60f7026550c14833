package io.switchboard.parking;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.HangupRequest;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code calls.hangup}: the server hangs up an active call for its own agent (or an admin) when the
 * agent's phone does not hold the leg, e.g. after signing out and back in. Twilio completes the
 * caller's call, which ends the agent's leg with it; the call is ended on the board at once, or by
 * Twilio's status callback if that arrives first.
 */
final class CallHangups {
  private static final Logger LOG = LoggerFactory.getLogger(CallHangups.class);
  static final String HUNG_UP_BY_AGENT = "agent-hung-up";

  private final ParkingCalls calls;

  CallHangups(ParkingCalls calls) {
    this.calls = calls;
  }

  Future<JsonObject> hangup(JsonObject json) {
    HangupRequest request = HangupRequest.fromJson(json);
    Actor actor = request.actor();
    return calls.call(request.callSid(), actor)
        .compose(call -> {
          actor.requireOrg(call.orgId());
          if (!(actor.role() == Role.ADMIN || actor.id().equals(call.assignedTo()))) {
            throw Failures.forbidden("only the agent on the call or an admin can hang it up");
          }
          if (call.status() != CallStatus.ACTIVE) {
            throw Failures.conflict("the call is not active",
                new JsonObject().put("status", call.status().name().toLowerCase()));
          }
          return complete(call);
        })
        .map(CallView::toJson);
  }

  private Future<CallView> complete(CallView call) {
    return calls.complete(call.callSid())
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND
            // Twilio no longer knows the call: the caller is gone already; end it here too
            ? Future.succeededFuture()
            : Future.failedFuture(Failures.unavailable("the call could not be hung up: Twilio is unavailable")))
        .compose(v -> calls.transition(call.orgId(), call.callSid(), Transition.END, null, HUNG_UP_BY_AGENT)
            // Twilio's status callback may have ended it first: the call as it is now
            .recover(t -> Failures.code(t) == FailureCode.CONFLICT
                ? calls.call(call.callSid(), Actor.system(call.orgId()))
                : Future.failedFuture(t)))
        .onSuccess(ended -> LOG.info("{} hung up from the board by {}", call.callSid(), call.assignedTo()));
  }
}
