package io.switchboard.parking;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentNotice;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.OrgQuery;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.TransitionRequest;
import io.switchboard.common.twilio.TwilioRest;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What parking asks of others: the call state machine, the directory, presence, Twilio, and the board. */
final class ParkingCalls {
  /** Twilio's final call statuses: a caller who is gone. */
  static final Set<String> GONE = Set.of("completed", "canceled", "failed", "busy", "no-answer");

  private final EventBus bus;
  private final TwilioRest rest;
  private final SwitchboardConfig config;
  private final BoardDeltas board;

  ParkingCalls(EventBus bus, TwilioRest rest, SwitchboardConfig config) {
    this.bus = bus;
    this.board = new BoardDeltas(bus);
    this.rest = rest;
    this.config = config;
  }

  Future<CallView> call(String callSid, Actor actor) {
    return Bus.request(bus, Addresses.CALLS_GET, new CallLookup(callSid, actor).toJson()).map(CallView::fromJson);
  }

  /** A transition Switchboard itself makes (a compensation, a timeout, a webhook's report). */
  Future<CallView> transition(String orgId, String callSid, Transition transition, String agentId, String reason) {
    return transition(Actor.system(orgId), callSid, transition, agentId, reason);
  }

  /** A transition someone asked for: the state machine decides whether {@code actor} may make it. */
  Future<CallView> transition(Actor actor, String callSid, Transition transition, String agentId, String reason) {
    return Bus.request(bus, Addresses.CALLS_TRANSITION,
        new TransitionRequest(callSid, transition, agentId, reason, actor).toJson())
        .map(CallView::fromJson);
  }

  /** Rings a ringing call to {@code agents} (replacing whom it rang), so exactly they may claim it. */
  Future<CallView> offer(String orgId, String callSid, List<String> agents) {
    return Bus.request(bus, Addresses.CALLS_OFFER, new OfferCall(callSid, agents, Actor.system(orgId)).toJson())
        .map(CallView::fromJson);
  }

  /** The org's park timeout (its own, else the process default). */
  Future<Duration> parkTimeout(String orgId) {
    return Bus.request(bus, Addresses.DIRECTORY_ORG, new OrgQuery(orgId).toJson())
        .map(json -> {
          Integer seconds = OrgView.fromJson(json).parkTimeoutSeconds();
          return seconds == null ? config.timing().parkTimeout() : Duration.ofSeconds(seconds);
        })
        .otherwise(config.timing().parkTimeout());
  }

  Future<Boolean> isAvailable(String orgId, String agentId) {
    return availableAgents(orgId).map(agents -> agents.contains(agentId));
  }

  /** The org's agents presence would ring now (signed in, online, not busy), in presence's order. */
  Future<List<String>> availableAgents(String orgId) {
    return Bus.request(bus, Addresses.PRESENCE_AVAILABLE, new BoardQuery(orgId).toJson()).map(reply -> {
      List<String> ids = new ArrayList<>();
      for (Object o : reply.getJsonArray("agents", new JsonArray())) {
        if (o instanceof JsonObject agent && agent.getString("agentId") != null) {
          ids.add(agent.getString("agentId"));
        }
      }
      return ids;
    });
  }

  /** The Twilio call resource (its status and parent). */
  Future<Call> fetch(String callSid) {
    return rest.call(c -> Call.fetcher(callSid).fetch(c));
  }

  /** Whether Twilio says the caller's call is over (a final status, or unknown: 404); fails if Twilio cannot say. */
  Future<Boolean> isGone(String callSid) {
    return fetch(callSid)
        .map(call -> call.getStatus() != null && GONE.contains(call.getStatus().toString()))
        .recover(t -> Failures.code(t) == FailureCode.NOT_FOUND
            ? Future.succeededFuture(true) : Future.failedFuture(t));
  }

  /**
   * Whether the caller is a participant of the conference named {@code conferenceName} (listed by
   * name, then the participant fetched by its CallSid); fails if Twilio cannot say.
   */
  Future<Boolean> inConference(String conferenceName, String callSid) {
    return rest.call(c -> {
      for (com.twilio.rest.api.v2010.account.Conference room
          : com.twilio.rest.api.v2010.account.Conference.reader().setFriendlyName(conferenceName).read(c)) {
        try {
          com.twilio.rest.api.v2010.account.conference.Participant.fetcher(room.getSid(), callSid).fetch(c);
          return true;
        } catch (com.twilio.exception.ApiException e) {
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
    bus.publish(Addresses.agent(agentId), notice.toJson());
  }

  /** Sends the caller to {@code url} (by URL: inline TwiML drops the call). */
  Future<Void> redirect(String callSid, String url) {
    return rest.call(c -> Call.updater(callSid).setUrl(url).setMethod(HttpMethod.POST).update(c)).mapEmpty();
  }

  /** Tells the agent who handed the call over and the one who did not answer it that it is back in the lot. */
  void handOverMissed(ParkingSql.Parked parked, String handedBy, String missedBy) {
    String from = parked.view().from() == null ? "unknown caller" : parked.view().from();
    JsonObject notice = new AgentNotice(AgentNotice.Type.HAND_OVER_MISSED, parked.view().callSid(),
        "The call from " + from + " was not answered and is back in the parking lot", missedBy).toJson();
    bus.publish(Addresses.agent(missedBy), notice);
    if (handedBy != null && !handedBy.equals(missedBy)) {
      bus.publish(Addresses.agent(handedBy), notice);
    }
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
