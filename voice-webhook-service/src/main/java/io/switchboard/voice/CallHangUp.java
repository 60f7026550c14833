package io.switchboard.voice;

import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code calls.hang-up}: an admin ends a call that is stuck on the board. The caller's call is hung
 * up at Twilio first ({@code Status=completed}), if Twilio still has it; then the call is ended
 * here, which frees its agent and clears it from the lot. Twilio unreachable is a 503 and nothing
 * changes (the admin tries again); a call that ended meanwhile is returned as it is.
 */
final class CallHangUp {
  private static final Logger LOG = LoggerFactory.getLogger(CallHangUp.class);
  static final String ENDED_BY_ADMIN = "ended-by-admin";

  private final Collaborators others;
  private final TwilioRest rest;

  CallHangUp(Collaborators others, TwilioRest rest) {
    this.others = others;
    this.rest = rest;
  }

  Future<JsonObject> hangUp(JsonObject json) {
    CallLookup lookup = CallLookup.fromJson(json);
    Actor actor = lookup.actor();
    if (!actor.isPrivileged()) {
      throw Failures.forbidden("only an admin may end a call");
    }
    return others.call(lookup).compose(call -> call.status() == CallStatus.ENDED
        ? Future.succeededFuture(call)
        : completeAtTwilio(call.callSid()).compose(v -> end(call))).map(CallView::toJson);
  }

  /** Hangs the call up at Twilio; a call Twilio no longer has, or has already ended (4xx), is fine. */
  private Future<Void> completeAtTwilio(String callSid) {
    return rest.call(c -> Call.updater(callSid).setStatus(Call.UpdateStatus.COMPLETED).update(c))
        .<Void>mapEmpty()
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND || Failures.code(t) == FailureCode.CONFLICT
            ? Future.succeededFuture() : Future.failedFuture(t));
  }

  private Future<CallView> end(CallView call) {
    LOG.info("{} ({}) ended by an admin", call.callSid(), call.status());
    return others.transition(call.orgId(), call.callSid(), Transition.END, null, ENDED_BY_ADMIN)
        // Twilio's own status webhook may have ended it first: return it as it is now.
        .recover(t -> Failures.code(t) == FailureCode.CONFLICT
            ? others.call(new CallLookup(call.callSid(), Actor.system(call.orgId())))
            : Future.failedFuture(t));
  }
}
