package io.switchboard.parking;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Conference;
import com.twilio.rest.api.v2010.account.conference.Participant;
import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.peers.Peers;
import io.switchboard.common.twilio.TwilioRest;
import io.switchboard.common.twilio.TwilioStatuses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.List;

/**
 * What parking asks of others: the services' requests ({@link Peers}: the call state machine, the
 * directory, presence), and Twilio and the board.
 */
final class ParkingPeers extends Peers {
  private final TwilioRest rest;
  private final SwitchboardConfig config;
  private final BoardDeltas board;

  ParkingPeers(EventBus bus, TwilioRest rest, SwitchboardConfig config) {
    super(bus);
    this.board = new BoardDeltas(bus);
    this.rest = rest;
    this.config = config;
  }

  /** The org's park timeout (its own, else the process default). */
  Future<Duration> parkTimeout(String orgId) {
    return org(orgId)
        .map(org -> {
          Integer seconds = org.parkTimeoutSeconds();
          return seconds == null ? config.timing().parkTimeout() : Duration.ofSeconds(seconds);
        })
        .otherwise(config.timing().parkTimeout());
  }

  /** The Twilio call resource (its status and parent). */
  Future<Call> fetch(String callSid) {
    return rest.call(c -> Call.fetcher(callSid).fetch(c));
  }

  /** Whether Twilio says the caller's call is over (a final status, or unknown: 404); fails if Twilio cannot say. */
  Future<Boolean> isGone(String callSid) {
    return fetch(callSid)
        .map(call -> call.getStatus() != null && TwilioStatuses.isFinal(call.getStatus().toString()))
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND
            ? Future.succeededFuture(true) : Future.failedFuture(t));
  }

  /**
   * Whether the caller is a participant of the conference named {@code conferenceName} (listed by
   * name, then the participant fetched by its CallSid); fails if Twilio cannot say.
   */
  Future<Boolean> inConference(String conferenceName, String callSid) {
    return rest.call(c -> {
      for (Conference room
          : Conference.reader().setFriendlyName(conferenceName).read(c)) {
        try {
          Participant.fetcher(room.getSid(), callSid).fetch(c);
          return true;
        } catch (ApiException e) {
          if (e.getStatusCode() == null || e.getStatusCode() != 404) {
            throw e;
          }
        }
      }
      return false;
    });
  }

  /** Tells one agent something on its private address (the board shows it as a message). */
  void notice(String agentId, AgentNotice notice) {
    board.notice(agentId, notice);
  }

  /** Sends the caller to {@code url} (by URL: inline TwiML drops the call). */
  Future<Void> redirect(String callSid, String url) {
    return rest.call(c -> Call.updater(callSid).setUrl(url).setMethod(HttpMethod.POST).update(c)).mapEmpty();
  }

  /** Tells the agent who handed the call over and the one who did not answer it that it is back in the lot. */
  void handOverMissed(ParkingSql.Parked parked, String handedBy, String missedBy) {
    String from = parked.view().from() == null ? "unknown caller" : parked.view().from();
    AgentNotice notice = new AgentNotice(AgentNotice.Type.HAND_OVER_MISSED, parked.view().callSid(),
        "The call from " + from + " was not answered and is back in the parking lot", missedBy);
    board.notices(handedBy == null || handedBy.equals(missedBy) ? List.of(missedBy) : List.of(missedBy, handedBy),
        notice);
  }

  void publishParked(ParkingSql.Parked parked) {
    board.parked(parked.view());
  }

  /** The call left the lot; {@code version} as {@link BoardDeltas#parkedGone} says. */
  void publishRemoved(ParkingSql.Parked parked, long version) {
    board.parkedGone(parked.view(), version);
  }

  void publishDeleted(ParkingSql.Parked parked) {
    publishRemoved(parked, parked.view().version() + 1);
  }
}
