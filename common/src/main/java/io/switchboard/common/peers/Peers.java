package io.switchboard.common.peers;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentList;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallList;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.ConferenceReport;
import io.switchboard.common.contract.ConnectFailedReply;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.HandOverReport;
import io.switchboard.common.contract.NumberQuery;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.OrgQuery;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.ParkArrival;
import io.switchboard.common.contract.ParkedList;
import io.switchboard.common.contract.QuietCallsRequest;
import io.switchboard.common.contract.SpotRetrieval;
import io.switchboard.common.contract.SpotRetrieved;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.TransitionRequest;
import io.switchboard.common.contract.UserList;
import io.switchboard.common.contract.VoicemailLookup;
import io.switchboard.common.contract.VoicemailRecording;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * What a service asks of the others: each request one service sends another for its own work, as a
 * method that takes and returns the contract's records, so the request is written and its reply
 * parsed in this one place. A service that asks more (Twilio, a cache, the board) extends it as its
 * own {@code <Service>Peers}; how hard a request insists is that service's choice ({@link #ask}).
 * The bridge's HTTP API is not here: it forwards a browser's request and passes the reply on as it is.
 */
public class Peers {
  protected final EventBus bus;
  private final long timeoutMs;

  /** Waits {@link Bus#DEFAULT_TIMEOUT_MS} for each answer. */
  public Peers(EventBus bus) {
    this(bus, Bus.DEFAULT_TIMEOUT_MS);
  }

  /** {@code timeoutMs}: how long an answer is waited for; after that the peer counts as unavailable. */
  public Peers(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Sends one request. {@code idempotent}: handling it twice is harmless (a create keyed by its id,
   * a guarded transition whose repeat is a 409, a repeated claim answered the same), so a subclass
   * may send it again when it could not be delivered.
   */
  protected Future<JsonObject> ask(String address, JsonObject body, boolean idempotent) {
    return Bus.request(bus, address, body, timeoutMs);
  }

  // claim-service

  /** Creates the ringing call; idempotent on its CallSid (a retried webhook gets the same call). */
  public Future<CallView> createCall(CreateCall call) {
    return ask(Addresses.CALLS_CREATE, call.toJson(), true).map(CallView::fromJson);
  }

  /** The call as {@code actor} may see it (404 unknown or another org's). */
  public Future<CallView> call(String callSid, Actor actor) {
    return ask(Addresses.CALLS_GET, new CallLookup(callSid, actor).toJson(), false).map(CallView::fromJson);
  }

  /** A transition someone asked for: the state machine decides whether {@code actor} may make it. */
  public Future<CallView> transition(Actor actor, String callSid, Transition transition, String agentId,
      String reason) {
    TransitionRequest request = new TransitionRequest(callSid, transition, agentId, reason, actor);
    return ask(Addresses.CALLS_TRANSITION, request.toJson(), true).map(CallView::fromJson);
  }

  /** A transition Switchboard itself makes (a webhook's report, a timeout, a compensation). */
  public Future<CallView> transition(String orgId, String callSid, Transition transition, String agentId,
      String reason) {
    return transition(Actor.system(orgId), callSid, transition, agentId, reason);
  }

  /** The ringing call now rings {@code agents} (replacing whom it rang): exactly they may claim it. */
  public Future<CallView> offer(String orgId, String callSid, List<String> agents) {
    OfferCall request = new OfferCall(callSid, agents, Actor.system(orgId));
    return ask(Addresses.CALLS_OFFER, request.toJson(), false).map(CallView::fromJson);
  }

  /** Claims the call for {@code actor}; claiming again is answered with the same outcome. */
  public Future<ClaimResult> claim(String callSid, Actor actor) {
    return ask(Addresses.CLAIMS_CLAIM, new ClaimRequest(callSid, actor).toJson(), true).map(ClaimResult::fromJson);
  }

  /** Takes up to {@code limit} live calls nothing was heard of for {@code quietFor}, to check at Twilio. */
  public Future<List<CallView>> quietCalls(Duration quietFor, int limit) {
    QuietCallsRequest request = new QuietCallsRequest(quietFor.toMillis(), limit);
    return ask(Addresses.CALLS_QUIET, request.toJson(), false).map(reply -> CallList.fromJson(reply).calls());
  }

  // presence-service

  /** The ids of the org's agents presence would ring now (signed in, online, not busy), longest idle first. */
  public Future<List<String>> availableAgents(String orgId) {
    return ask(Addresses.PRESENCE_AVAILABLE, new BoardQuery(orgId).toJson(), false)
        .map(reply -> AgentList.fromJson(reply).ids());
  }

  public Future<Boolean> isAvailable(String orgId, String agentId) {
    return availableAgents(orgId).map(agents -> agents.contains(agentId));
  }

  // the directory (dashboard-bridge)

  public Future<OrgView> org(String orgId) {
    return ask(Addresses.DIRECTORY_ORG, new OrgQuery(orgId).toJson(), false).map(OrgView::fromJson);
  }

  /** The org that owns the called number (404 when none does). */
  public Future<OrgView> orgByNumber(String number) {
    return ask(Addresses.DIRECTORY_NUMBER, new NumberQuery(number).toJson(), false).map(OrgView::fromJson);
  }

  public Future<UserList> users(String orgId) {
    return ask(Addresses.DIRECTORY_USERS, new BoardQuery(orgId).toJson(), false).map(UserList::fromJson);
  }

  // parking-service, told by the voice-webhook what Twilio reported

  /** The agent a parked call was sent to answered: the call leaves the lot for good. */
  public Future<Void> parkingConnected(String callSid, String agentId) {
    return ask(Addresses.PARKING_CONNECTED, new HandOverReport(callSid, agentId).toJson(), false).mapEmpty();
  }

  /** How many calls the org has in its parking lot; within {@code timeoutMs}, or failed. */
  public Future<Integer> parkedCount(String orgId, long timeoutMs) {
    return Bus.request(bus, Addresses.BOARD_SNAPSHOT_PARKED, new BoardQuery(orgId).toJson(), timeoutMs)
        .map(json -> ParkedList.fromJson(json).parked().size());
  }

  /** Someone keyed {@code *} and {@code spot}: the parked call is theirs (one retriever wins), or 404/409. */
  public Future<SpotRetrieved> retrieveSpot(String orgId, int spot, String callSid) {
    return ask(Addresses.PARKING_RETRIEVE_SPOT, new SpotRetrieval(orgId, spot, callSid).toJson(), false)
        .map(SpotRetrieved::fromJson);
  }

  /** That agent did not answer: what becomes of the caller. */
  public Future<ConnectFailedReply> parkingConnectFailed(String callSid, String agentId) {
    return ask(Addresses.PARKING_CONNECT_FAILED, new HandOverReport(callSid, agentId).toJson(), false)
        .map(ConnectFailedReply::fromJson);
  }

  public Future<Void> parkingArrived(String conferenceName, String callSid) {
    return ask(Addresses.PARKING_ARRIVED, new ParkArrival(conferenceName, callSid).toJson(), false).mapEmpty();
  }

  public Future<Void> parkingConference(String conferenceName, String conferenceSid, String event) {
    ConferenceReport report = new ConferenceReport(conferenceName, conferenceSid, event);
    return ask(Addresses.PARKING_CONFERENCE, report.toJson(), false).mapEmpty();
  }

  // voice-webhook-service

  /** Where voicemail {@code voicemailId}'s recording is, if {@code actor} may hear it (403 another org's). */
  public Future<VoicemailRecording> voicemailRecording(String voicemailId, Actor actor) {
    return ask(Addresses.VOICEMAILS_AUDIO, new VoicemailLookup(voicemailId, actor).toJson(), false)
        .map(VoicemailRecording::fromJson);
  }
}
