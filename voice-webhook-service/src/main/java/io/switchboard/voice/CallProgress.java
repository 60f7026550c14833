package io.switchboard.voice;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.ConnectFailedReply;
import io.switchboard.common.contract.EndReasons;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.twilio.TwilioStatuses;
import io.switchboard.voice.Twiml.Purpose;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a call after it rang: one agent is dialed ({@code /twilio/connect}: queue
 * winner, unpark, park ring-back) and what a missed connect means ({@code /twilio/connect-status}),
 * and the caller's call ending ({@code /twilio/call-status}). Who is bridged is
 * {@link CallScreening}'s decision.
 */
final class CallProgress {
  private static final Logger LOG = LoggerFactory.getLogger(CallProgress.class);
  /** The end reason of a caller who hung up before anyone was connected (Twilio's {@code canceled}). */

  private final Twiml twiml;
  private final VoicePeers others;
  private final VoiceSql sql;
  private final InboundCalls inbound;

  CallProgress(Twiml twiml, VoicePeers others, VoiceSql sql, InboundCalls inbound) {
    this.twiml = twiml;
    this.others = others;
    this.sql = sql;
    this.inbound = inbound;
  }

  /** {@code /twilio/connect}: dial one agent for the caller. */
  Future<String> connectTwiml(TwilioRequest request) {
    request.form("CallSid", TwilioRequest.CALL_SID);
    String orgId = request.query("org", TwilioRequest.ID);
    String callSid = request.query("callSid", TwilioRequest.CALL_SID);
    String agent = request.query("agent", TwilioRequest.ID);
    Purpose purpose = Purpose.parse(request.query("purpose", TwilioRequest.STATUS));
    return Future.succeededFuture(twiml.connect(orgId, callSid, agent, purpose, inbound.ringTimeoutSeconds()));
  }

  /** {@code /twilio/connect}'s fallback when even that fails: the caller is parked again or gets voicemail. */
  String connectFallback() {
    return twiml.voicemail(null);
  }

  /** {@code /twilio/connect-status}: the one-agent dial ended; not answered never hangs up on the caller. */
  Future<String> connectStatus(TwilioRequest request) {
    String status = request.form("DialCallStatus", TwilioRequest.STATUS);
    String orgId = request.query("org", TwilioRequest.ID);
    String callSid = request.query("callSid", TwilioRequest.CALL_SID);
    String agent = request.query("agent", TwilioRequest.ID);
    Purpose purpose = Purpose.parse(request.query("purpose", TwilioRequest.STATUS));
    if (status.equals("completed") || status.equals("answered")) {
      return Future.succeededFuture(twiml.hangup());
    }
    LOG.info("{} for {} not answered by {} ({})", purpose.wire(), callSid, agent, status);
    return switch (purpose) {
      case CLAIM -> backToQueue(orgId, callSid, agent);
      case UNPARK, RINGBACK -> others.parkingConnectFailed(callSid, agent).compose(reply ->
          reply.action() == ConnectFailedReply.Action.PARK
              ? Future.succeededFuture(twiml.park(orgId, reply.conferenceName()))
              : ringEveryone(orgId, callSid));
    };
  }

  /** The queue winner's device did not answer: release the claim and wait again. */
  private Future<String> backToQueue(String orgId, String callSid, String agent) {
    return sql.moveRoute(callSid, "queue", null, List.of("connect"))
        .compose(moved -> others.transition(orgId, callSid, Transition.RELEASE, agent, null)
            .<Void>mapEmpty()
            .recover(t -> Future.succeededFuture()))
        .map(v -> twiml.queueWait(orgId, false));
  }

  /** A park ring-back nobody answered: ring every available agent, as a new call would. */
  private Future<String> ringEveryone(String orgId, String callSid) {
    return others.availableAgents(orgId).compose(available -> {
      if (available.isEmpty()) {
        return Future.succeededFuture(twiml.voicemail(orgId));
      }
      var agents = available.subList(0, Math.min(available.size(), RingMode.MAX_DIAL_AGENTS));
      // The claim-service must know who rings now, or their answers would be refused as "not rung".
      return others.offer(orgId, callSid, agents)
          .map(offered -> twiml.dial(orgId, callSid, agents, inbound.ringTimeoutSeconds()));
    });
  }

  /** {@code /twilio/call-status}: the caller's call ended (out of order or repeated: END applies once). */
  Future<String> callStatus(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String status = request.form("CallStatus", TwilioRequest.STATUS);
    String to = request.optForm("To", TwilioRequest.ADDRESS);
    if (!TwilioStatuses.isFinal(status)) {
      return Future.succeededFuture(twiml.empty());
    }
    return orgOf(callSid, to)
        .compose(orgId -> others.transition(orgId, callSid, Transition.END, null,
            status.equals("canceled") ? EndReasons.CALLER_HUNG_UP : status).<Void>mapEmpty())
        .recover(t -> {
          FailureCode code = Failures.code(t);
          // 409: already ended; 404: a call Switchboard never created (unknown number).
          return code == FailureCode.CONFLICT || code == FailureCode.NOT_FOUND
              ? Future.succeededFuture() : Future.failedFuture(t);
        })
        .map(v -> twiml.empty());
  }

  private Future<String> orgOf(String callSid, String to) {
    return sql.route(callSid).compose(route -> {
      if (route.isPresent()) {
        return Future.succeededFuture(route.get().orgId());
      }
      if (to == null) {
        return Future.failedFuture(Failures.notFound("unknown call"));
      }
      return others.orgByNumber(to).map(org -> org.orgId());
    });
  }
}
