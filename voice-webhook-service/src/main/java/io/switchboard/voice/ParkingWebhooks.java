package io.switchboard.voice;

import io.vertx.core.Future;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twilio side of the parking lot, which parking-service sends callers to: the park TwiML (hold
 * message, then the caller alone in a conference), the conference's hold music (the org's own, or
 * the built-in one) and the conference status callback that tells parking the conference SID.
 */
final class ParkingWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(ParkingWebhooks.class);
  private static final Pattern CONFERENCE_NAME = Pattern.compile("park-[0-9A-Za-z\\-]{1,100}");

  private final Twiml twiml;
  private final VoicePeers others;

  ParkingWebhooks(Twiml twiml, VoicePeers others) {
    this.twiml = twiml;
    this.others = others;
  }

  /** {@code /twilio/park-twiml?conference=park-<sid>-<ts>&org=..}. */
  Future<String> park(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String conference = request.query("conference", CONFERENCE_NAME);
    String orgId = request.query("org", TwilioRequest.ID);
    // The caller is in the lot now: a park undone because Twilio was slow is redone. The caller's
    // TwiML does not wait for it.
    others.parkingArrived(conference, callSid)
        .onFailure(t -> LOG.warn("could not tell parking that {} reached {}: {}", callSid, conference, t.toString()));
    return Future.succeededFuture(twiml.park(orgId, conference));
  }

  /** {@code /twilio/hold-music?org=..}: the org's hold music if it has one; the directory being down is no reason for silence. */
  Future<String> holdMusic(TwilioRequest request) {
    String orgId = request.optQuery("org", TwilioRequest.ID);
    if (orgId == null) {
      return Future.succeededFuture(twiml.holdMusic(null));
    }
    return others.org(orgId)
        .map(org -> twiml.holdMusic(org.holdMusicUrl()))
        .otherwise(t -> {
          LOG.debug("no org hold music for {}: {}", orgId, t.toString());
          return twiml.holdMusic(null);
        });
  }

  /** {@code /twilio/conference-status}: parking fills in the conference SID. */
  Future<String> conferenceStatus(TwilioRequest request) {
    String conferenceSid = request.form("ConferenceSid", TwilioRequest.CONFERENCE_SID);
    String name = request.form("FriendlyName", CONFERENCE_NAME);
    String event = request.form("StatusCallbackEvent", TwilioRequest.STATUS);
    return others.parkingConference(name, conferenceSid, event).map(v -> twiml.empty());
  }
}
