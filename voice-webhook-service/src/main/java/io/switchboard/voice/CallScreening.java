package io.switchboard.voice;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.voice.Twiml.Purpose;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /twilio/screen}: who is bridged to the caller. On Twilio, a {@code <Dial>} connects
 * whichever {@code <Client>} accepts first; every {@code <Client>} Switchboard dials therefore
 * carries this webhook as its {@code url}, which Twilio requests when that agent's leg answers and
 * before it bridges it. The claim-service's record decides: the call's agent is connected (CONNECT)
 * and the leg bridged (an empty document); a call nobody claimed yet is claimed for the agent
 * whose device answered first (the ordinary claim, so the database still picks exactly one); any
 * other leg is hung up, and the caller keeps ringing the rest. When the decision cannot be made
 * (claim-service or PostgreSQL unavailable) the leg is hung up too: an agent nobody verified is
 * never bridged, and the caller goes on ringing, then to voicemail.
 */
final class CallScreening {
  private static final Logger LOG = LoggerFactory.getLogger(CallScreening.class);

  private final Twiml twiml;
  private final VoicePeers others;

  CallScreening(Twiml twiml, VoicePeers others) {
    this.twiml = twiml;
    this.others = others;
  }

  Future<String> screen(TwilioRequest request) {
    String legSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String parentSid = request.optForm("ParentCallSid", TwilioRequest.CALL_SID);
    String orgId = request.query("org", TwilioRequest.ID);
    String callSid = request.query("callSid", TwilioRequest.CALL_SID);
    String agent = request.query("agent", TwilioRequest.ID);
    String purpose = request.optQuery("purpose", TwilioRequest.STATUS);
    Purpose parsed = purpose == null ? null : Purpose.parse(purpose);
    if (parentSid != null && !parentSid.equals(callSid)) {
      LOG.warn("screen of leg {} for {}: its parent is {}, declining it", legSid, callSid, parentSid);
      return Future.succeededFuture(twiml.hangup());
    }
    return connect(orgId, callSid, agent, parsed)
        .compose(connected -> {
          if (!connected) {
            LOG.info("{}'s leg {} of {} is not the call's agent: hung up, the caller keeps ringing",
                agent, legSid, callSid);
            return Future.succeededFuture(twiml.hangup());
          }
          return toldParking(parsed, callSid, agent).map(v -> twiml.bridge());
        })
        .otherwise(t -> {
          LOG.warn("cannot tell whether {} may take {} ({}): declining leg {}", agent, callSid, t.toString(), legSid);
          return twiml.hangup();
        });
  }

  /**
   * True when {@code agent} is (now) connected to the call in the claim-service. A call still
   * ringing is first claimed for {@code agent} (ring-all and queue mode only; an unpark or
   * ring-back goes to its named agent or nobody). False when the call belongs to someone else or
   * moved on; failed when the claim-service could not answer.
   */
  private Future<Boolean> connect(String orgId, String callSid, String agent, Purpose purpose) {
    return attempt(orgId, callSid, agent, purpose == null || purpose == Purpose.CLAIM, CONNECT_ATTEMPTS);
  }

  /** CONNECT, then a claim or another try; one pass of each is enough unless the call moves meanwhile. */
  static final int CONNECT_ATTEMPTS = 3;

  /**
   * A refused CONNECT is explained by reading the call afterwards, so what was read may be newer
   * than what refused it: the agent's own claim may have landed in between (ringing when refused,
   * active and assigned to this agent when read), so CONNECT is tried again. Refused while the
   * call is active and assigned to this agent, and still so when read, the call is already
   * connected to this agent (CONNECT refuses nothing else in that state): a repeated request.
   */
  private Future<Boolean> attempt(String orgId, String callSid, String agent, boolean mayClaim, int left) {
    return others.transition(orgId, callSid, Transition.CONNECT, agent, null).map(call -> true).recover(t -> {
      if (Failures.code(t) != FailureCode.CONFLICT) {
        return Future.failedFuture(t);
      }
      return others.call(callSid, Actor.system(orgId)).compose(call -> {
        boolean mine = call.status() == CallStatus.ACTIVE && agent.equals(call.assignedTo());
        if (left <= 1) {
          return Future.succeededFuture(mine);
        }
        if (mine) {
          return attempt(orgId, callSid, agent, mayClaim, left - 1);
        }
        if (mayClaim && call.status() == CallStatus.RINGING) {
          // Claimed for the agent whose device answered it, before anyone else claimed it.
          return others.claim(callSid, new Actor(agent, orgId, Role.AGENT))
              .compose(claim -> attempt(orgId, callSid, agent, mayClaim, left - 1));
        }
        return Future.succeededFuture(false);
      });
    });
  }

  /** An unparked or rung-back call reached its agent: parking takes it off the lot (best effort: the bridge stands). */
  private Future<Void> toldParking(Purpose purpose, String callSid, String agent) {
    if (purpose != Purpose.UNPARK && purpose != Purpose.RINGBACK) {
      return Future.succeededFuture();
    }
    return others.parkingConnected(callSid, agent).<Void>mapEmpty().recover(t -> {
      LOG.warn("parking not told that {} reached {}: {}", callSid, agent, t.toString());
      return Future.succeededFuture();
    });
  }
}
