package io.switchboard.voice;

import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.twilio.TwilioRest;
import io.switchboard.common.twilio.TwilioStatuses;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes PostgreSQL agree with Twilio about calls whose final status webhook never arrived (the
 * caller hung up while Switchboard was down, or the webhook was lost): such a call would stay
 * active, its agent busy, or parked and ringing back, for ever. Each pass takes from the
 * claim-service a bounded batch of live calls nothing was heard of for a while, fetches each from
 * Twilio's REST API one at a time (Twilio limits concurrent requests) and ends those Twilio says
 * are over, as the lost webhook would have. Taking a batch marks it checked, so instances share
 * the work; END is guarded, so a call ended meanwhile (409) is fine. Twilio busy or down stops the
 * pass: those calls come up again after another quiet period.
 */
final class CallReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(CallReconciler.class);
  /** Calls looked up per pass: bounds the REST requests one pass makes. */
  static final int CALLS_PER_PASS = 50;
  /** Why a call Twilio does not know (404) was ended. */
  static final String UNKNOWN_AT_TWILIO = "unknown-at-twilio";

  private final VoicePeers others;
  private final TwilioRest rest;
  private final Duration quietFor;

  CallReconciler(VoicePeers others, TwilioRest rest, Duration quietFor) {
    this.others = others;
    this.rest = rest;
    this.quietFor = quietFor;
  }

  /** One pass; the number of calls it ended. */
  Future<Integer> pass() {
    return others.quietCalls(quietFor, CALLS_PER_PASS).compose(calls -> checkFrom(calls, 0, 0));
  }

  private Future<Integer> checkFrom(List<CallView> calls, int index, int ended) {
    if (index >= calls.size()) {
      return Future.succeededFuture(ended);
    }
    return check(calls.get(index)).compose(didEnd -> checkFrom(calls, index + 1, didEnd ? ended + 1 : ended));
  }

  /** True if the call was over at Twilio and is now ended here. */
  private Future<Boolean> check(CallView call) {
    return twilioStatus(call.callSid()).compose(status -> {
      if (!TwilioStatuses.isFinal(status) && !UNKNOWN_AT_TWILIO.equals(status)) {
        return Future.succeededFuture(false);
      }
      LOG.warn("{} is {} here but {} at Twilio (its final status webhook was lost): ending it", call.callSid(),
          call.status(), status);
      return others.transition(call.orgId(), call.callSid(), Transition.END, null, status)
          .map(ended -> true)
          .recover(t -> Failures.code(t) == FailureCode.CONFLICT || Failures.code(t) == FailureCode.NOT_FOUND
              ? Future.succeededFuture(false) : Future.failedFuture(t));
    });
  }

  /** Twilio's status of the call ({@link #UNKNOWN_AT_TWILIO} for a 404); fails when Twilio cannot say. */
  private Future<String> twilioStatus(String callSid) {
    return rest.call(c -> Call.fetcher(callSid).fetch(c))
        .map(call -> call.getStatus() == null ? "unknown" : call.getStatus().toString())
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND
            ? Future.succeededFuture(UNKNOWN_AT_TWILIO) : Future.failedFuture(t));
  }
}
