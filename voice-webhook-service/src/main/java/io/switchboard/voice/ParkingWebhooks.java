package io.switchboard.voice;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.vertx.core.Future;
import java.util.regex.Matcher;
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
  /** Keys a caller may press. */
  private static final Pattern KEYS = Pattern.compile("[0-9A-D*#]{1,32}");
  /** {@code *} and a spot number (1 to 999). */
  private static final Pattern SPOT = Pattern.compile("\\*0*([1-9][0-9]{0,2})");
  static final String NOT_A_SPOT = "That is not a park spot number. Goodbye.";
  static final String EMPTY_SPOT = "There is no parked call in spot %d. Goodbye.";
  static final String ABANDONED_SPOT = "The caller parked in spot %d has hung up. Goodbye.";
  static final String SPOT_FAILED = "The call in spot %d could not be retrieved. Please try again later. Goodbye.";

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

  /**
   * {@code /twilio/park-spot?org=..}: the spot keypad's action. {@code *} and a spot joins the
   * caller parked there (one retriever wins); other keys ring the agents as usual; a wrong, empty or
   * abandoned spot hears why, then the call ends.
   */
  Future<String> spot(TwilioRequest request) {
    String callSid = request.form("CallSid", TwilioRequest.CALL_SID);
    String orgId = request.query("org", TwilioRequest.ID);
    String keys = request.optForm("Digits", KEYS);
    if (keys == null || !keys.startsWith("*")) {
      return Future.succeededFuture(twiml.ringAfterKeypad());
    }
    Matcher spotKeys = SPOT.matcher(keys);
    if (!spotKeys.matches()) {
      return Future.succeededFuture(twiml.spotUnavailable(NOT_A_SPOT));
    }
    int spot = Integer.parseInt(spotKeys.group(1));
    return others.retrieveSpot(orgId, spot, callSid)
        .map(retrieved -> twiml.spotRetrieved(spot, retrieved.conferenceName()))
        .otherwise(t -> {
          FailureCode code = Failures.code(t);
          if (code != FailureCode.NOT_FOUND && code != FailureCode.CONFLICT) {
            LOG.warn("retrieval of spot {} of {} by {} failed: {}", spot, orgId, callSid, t.toString());
          }
          return twiml.spotUnavailable(code == FailureCode.NOT_FOUND ? EMPTY_SPOT.formatted(spot)
              : code == FailureCode.CONFLICT ? ABANDONED_SPOT.formatted(spot) : SPOT_FAILED.formatted(spot));
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
