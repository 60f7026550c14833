package io.switchboard.voice;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.config.TimeScale;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.EndReasons;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Transition;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new inbound call and how it rings: {@code /twilio/voice} (ring up to ten agents with one
 * {@code <Dial>}, queue mode beyond, voicemail with nobody), the ring's end ({@code /twilio/dial-status})
 * and queue mode's wait loop ({@code /twilio/queue-wait}).
 */
final class InboundCalls {
  private static final Logger LOG = LoggerFactory.getLogger(InboundCalls.class);
  /** How long an inbound call waits to learn whether its org has parked calls before it rings anyway. */
  static final long LOT_LOOKUP_MS = 500;

  private final SwitchboardConfig config;
  private final Twiml twiml;
  private final VoicePeers others;
  private final VoiceSql sql;

  InboundCalls(SwitchboardConfig config, Twiml twiml, VoicePeers others, VoiceSql sql) {
    this.config = config;
    this.twiml = twiml;
    this.others = others;
    this.sql = sql;
  }

  int ringTimeoutSeconds() {
    return (int) config.timing().ringTimeout().toSeconds();
  }

  /** {@code /twilio/voice}. */
  Future<String> voice(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String from = request.form("From", TwilioRequest.ADDRESS);
    String to = request.form("To", TwilioRequest.ADDRESS);
    boolean keypadDone = request.optQuery("keypad", TwilioRequest.ID) != null;
    return others.orgByNumber(to).transform(found -> {
      if (found.succeeded()) {
        return keypadDone ? ring(callSid, from, to, found.result()) : keypadOrRing(callSid, from, to, found.result());
      }
      if (Failures.code(found.cause()) == FailureCode.NOT_FOUND) {
        LOG.warn("call {} to unknown number {}: hanging up politely", callSid, to);
        return Future.succeededFuture(twiml.unknownNumber());
      }
      LOG.warn("directory unavailable for call {} to {}: voicemail ({})", callSid, to, found.cause().toString());
      return Future.succeededFuture(twiml.voicemail(null));
    });
  }

  /**
   * Retrieval by spot: only while the org has parked calls does the call first listen for {@code *}
   * and a spot ({@link Twiml#spotKeypad}); otherwise, or if parking does not answer within
   * {@link #LOT_LOOKUP_MS}, it rings at once. The call is created (and shown ringing) only when it
   * rings, so a retriever never appears on the board.
   */
  private Future<String> keypadOrRing(String callSid, String from, String to, OrgView org) {
    if (config.timing().spotKeypad().isZero()) {
      return ring(callSid, from, to, org); // retrieval by keypad is off: no lot lookup, no delay
    }
    return others.parkedCount(org.orgId(), LOT_LOOKUP_MS)
        .otherwise(t -> {
          LOG.debug("parking did not say whether {} has parked calls: ringing ({})", org.orgId(), t.toString());
          return 0;
        })
        .compose(parked -> parked > 0
            ? Future.succeededFuture(twiml.spotKeypad(org.orgId(), (int) config.timing().spotKeypad().toSeconds()))
            : ring(callSid, from, to, org));
  }

  private Future<String> ring(String callSid, String from, String to, OrgView org) {
    String orgId = org.orgId();
    // The caller's open voicemails, for the screen-pop, are counted while presence is asked; unknown if that fails.
    Future<Integer> openVoicemails = sql.openVoicemailsFrom(orgId, from).otherwise(t -> {
      LOG.warn("could not count the open voicemails of {} for call {}: {}", from, callSid, t.toString());
      return null;
    });
    Future<List<String>> available = others.availableAgents(orgId)
        .recover(t -> {
          LOG.warn("presence unavailable for call {}: treating as no agents ({})", callSid, t.toString());
          return Future.succeededFuture(List.of());
        });
    return Future.join(available, openVoicemails)
        .transform(ignored -> others.createCall(new CreateCall(callSid, orgId, from, to,
            available.result().size() > RingMode.MAX_DIAL_AGENTS ? RingMode.QUEUE : RingMode.DIAL,
            available.result(), openVoicemails.result())))
        // Built from the stored call, not from this request's agent list: a retried webhook answers the same.
        .compose(this::answer)
        .recover(t -> {
          LOG.warn("call {} could not be set ringing, voicemail instead: {}", callSid, t.toString());
          return Future.succeededFuture(twiml.voicemail(orgId));
        });
  }

  private Future<String> answer(CallView call) {
    String route = call.rungAgents().isEmpty() ? "voicemail" : call.ringMode() == RingMode.QUEUE ? "queue" : "dial";
    Future<Void> remembered = sql.rememberRoute(call.callSid(), call.orgId(), route)
        .recover(t -> {
          LOG.warn("could not record the route of {}: {}", call.callSid(), t.toString());
          return Future.succeededFuture();
        });
    return remembered.compose(v -> switch (route) {
      case "voicemail" -> toVoicemail(call, "no-agents");
      case "queue" -> Future.succeededFuture(twiml.queueWait(call.orgId(), true));
      default -> Future.succeededFuture(twiml.dial(call.orgId(), call.callSid(), call.rungAgents(),
          ringTimeoutSeconds()));
    });
  }

  /** Moves a ringing call to voicemail (a retry finds it there already) and answers with the prompt. */
  private Future<String> toVoicemail(CallView call, String reason) {
    if (call.status() != CallStatus.RINGING) {
      return Future.succeededFuture(twiml.voicemail(call.orgId()));
    }
    return voicemailTransition(call.orgId(), call.callSid(), reason);
  }

  private Future<String> voicemailTransition(String orgId, String callSid, String reason) {
    return others.transition(orgId, callSid, Transition.VOICEMAIL, null, reason)
        .<Void>mapEmpty()
        .recover(t -> {
          // 409: already in voicemail, answered meanwhile or ended; the caller gets the prompt either way.
          if (Failures.code(t) != FailureCode.CONFLICT) {
            LOG.warn("could not move {} to voicemail: {}", callSid, t.toString());
          }
          return Future.succeededFuture();
        })
        .map(v -> twiml.voicemail(orgId));
  }

  /**
   * {@code /twilio/dial-status}: the ring {@code <Dial>} ended. Bridged: done. The caller hung up:
   * abandoned. Otherwise nobody's phone was bridged in time: voicemail (which also drops a claim
   * whose phone had not connected, and tells its agent).
   */
  Future<String> dialStatus(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String status = request.form("DialCallStatus", TwilioRequest.STATUS);
    String orgId = request.query("org", TwilioRequest.ID);
    if (status.equals("completed") || status.equals("answered")) {
      return Future.succeededFuture(twiml.hangup());
    }
    if (status.equals("canceled")) {
      return abandoned(orgId, callSid);
    }
    // no-answer, busy, failed: the ring is over; a claim whose phone had not connected yet goes with it.
    return sql.moveRoute(callSid, "voicemail", null, List.of("dial"))
        .recover(t -> Future.succeededFuture())
        .compose(v -> voicemailTransition(orgId, callSid, "no-answer"));
  }

  /**
   * The caller hung up while agents rang (Twilio: DialCallStatus {@code canceled}): an abandoned
   * call, ended now, not a voicemail. The number's status callback ends it too; END applies once.
   */
  private Future<String> abandoned(String orgId, String callSid) {
    return others.transition(orgId, callSid, Transition.END, null, EndReasons.CALLER_HUNG_UP)
        .<Void>mapEmpty()
        .recover(t -> {
          if (Failures.code(t) != FailureCode.CONFLICT) {
            LOG.warn("could not end abandoned call {}: {}", callSid, t.toString());
          }
          return Future.succeededFuture();
        })
        .map(v -> twiml.hangup());
  }

  /** {@code /twilio/queue-wait}: hold music until the ring timeout (from joining the queue), then voicemail. */
  Future<String> queueWait(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String orgId = request.query("org", TwilioRequest.ID);
    long timeoutMs = TimeScale.scaled(config, config.timing().ringTimeout()).toMillis();
    return sql.route(callSid).compose(found -> {
      String route = found.map(VoiceSql.CallRoute::route).orElse("voicemail");
      boolean timedOut = found.isPresent() && found.get().ageMs() >= timeoutMs;
      if (route.equals("queue") && timedOut) {
        return sql.moveRoute(callSid, "voicemail", null, List.of("queue"))
            .compose(moved -> voicemailTransition(orgId, callSid, "no-answer"));
      }
      if (route.equals("voicemail")) {
        return Future.succeededFuture(twiml.voicemail(orgId));
      }
      // Still queued, or a redirect to the winner (connect) is on its way: keep the music going.
      return Future.succeededFuture(twiml.queueWait(orgId, false));
    });
  }

  /** {@code /twilio/voicemail-prompt}: where a call is redirected when every rung agent declined. */
  Future<String> voicemailPrompt(TwilioRequest request) {
    request.form("CallSid", TwilioRequest.CALL_SID);
    return Future.succeededFuture(twiml.voicemail(request.optQuery("org", TwilioRequest.ID)));
  }
}
