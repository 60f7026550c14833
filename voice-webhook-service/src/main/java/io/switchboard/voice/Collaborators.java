package io.switchboard.voice;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.OrgQuery;
import io.switchboard.common.contract.OrgView;
import io.switchboard.common.contract.QuietCallsRequest;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.TransitionRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other services the voice-webhook asks, over the event bus, always as Switchboard itself
 * ({@link Actor#system}): Twilio, not an agent, is the source of these requests.
 */
final class Collaborators {
  /** How long the org owning a called number is remembered. */
  static final long ORG_CACHE_MS = 30_000;

  private record KnownOrg(OrgView org, long until) {}

  private final Vertx vertx;
  private final EventBus bus;
  /** Keyed by numbers the directory knows, so bounded by the directory's size. */
  private final Map<String, KnownOrg> orgsByNumber = new ConcurrentHashMap<>();
  /** Per attempt of a request sent again on a delivery failure: a few attempts must fit in Twilio's 15 s. */
  private final long retriedTimeoutMs;

  Collaborators(Vertx vertx, long requestTimeoutMs) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.retriedTimeoutMs = requestTimeoutMs;
  }

  /**
   * The org that owns {@code number}. Every inbound call asks, so an answer is kept for
   * {@link #ORG_CACHE_MS}: a number moved to another org takes effect within that time. Failures
   * (no such number, directory down) are not kept.
   */
  Future<OrgView> orgByNumber(String number) {
    long now = System.currentTimeMillis();
    KnownOrg known = orgsByNumber.get(number);
    if (known != null && known.until() > now) {
      return Future.succeededFuture(known.org());
    }
    return Bus.request(bus, Addresses.DIRECTORY_NUMBER, new JsonObject().put("number", number))
        .map(OrgView::fromJson)
        .andThen(ar -> {
          if (ar.succeeded()) {
            orgsByNumber.put(number, new KnownOrg(ar.result(), now + ORG_CACHE_MS));
          }
        });
  }

  Future<OrgView> org(String orgId) {
    return Bus.request(bus, Addresses.DIRECTORY_ORG, new OrgQuery(orgId).toJson()).map(OrgView::fromJson);
  }

  /** The org's ringable agents' ids, longest idle first. */
  Future<List<String>> availableAgents(String orgId) {
    return Bus.request(bus, Addresses.PRESENCE_AVAILABLE, new BoardQuery(orgId).toJson())
        .map(reply -> ids(reply.getJsonArray("agents", new JsonArray()), "agentId"));
  }

  /** E-mail addresses of the org's admins. */
  Future<List<String>> adminEmails(String orgId) {
    return Bus.request(bus, Addresses.DIRECTORY_USERS, new BoardQuery(orgId).toJson()).map(reply -> {
      List<String> emails = new ArrayList<>();
      for (Object o : reply.getJsonArray("users", new JsonArray())) {
        if (o instanceof JsonObject user && "admin".equalsIgnoreCase(user.getString("role"))
            && user.getString("email") != null) {
          emails.add(user.getString("email"));
        }
      }
      return emails;
    });
  }

  Future<CallView> createCall(CreateCall call) {
    // Idempotent on the CallSid: sent again when the claim-service node it reached died.
    return Bus.requestRetrying(vertx, Addresses.CALLS_CREATE, call.toJson(), retriedTimeoutMs, true)
        .map(CallView::fromJson);
  }

  Future<CallView> transition(String orgId, String callSid, Transition transition, String agentId, String reason) {
    TransitionRequest request = new TransitionRequest(callSid, transition, agentId, reason, Actor.system(orgId));
    // Guarded: a repeat of an applied transition is a 409, which every caller here accepts. Twilio does
    // not resend status callbacks, so a transition lost with a dying node would never apply.
    return Bus.requestRetrying(vertx, Addresses.CALLS_TRANSITION, request.toJson(), retriedTimeoutMs, true)
        .map(CallView::fromJson);
  }

  /** The call as the claim-service holds it. */
  Future<CallView> call(String orgId, String callSid) {
    return Bus.request(bus, Addresses.CALLS_GET, new CallLookup(callSid, Actor.system(orgId)).toJson())
        .map(CallView::fromJson);
  }

  /** The ringing call now rings {@code agents}: only they may claim it. */
  Future<CallView> offer(String orgId, String callSid, List<String> agents) {
    OfferCall request = new OfferCall(callSid, agents, Actor.system(orgId));
    return Bus.request(bus, Addresses.CALLS_OFFER, request.toJson()).map(CallView::fromJson);
  }

  /** Claims the call for {@code agentId}: that agent's device answered it before anyone claimed it. */
  Future<ClaimResult> claimFor(String orgId, String callSid, String agentId) {
    ClaimRequest request = new ClaimRequest(callSid, new Actor(agentId, orgId, Role.AGENT));
    // The same agent claiming again is answered with the same outcome.
    return Bus.requestRetrying(vertx, Addresses.CLAIMS_CLAIM, request.toJson(), retriedTimeoutMs, true)
        .map(ClaimResult::fromJson);
  }

  Future<JsonObject> parkingConnected(String callSid, String agentId) {
    return Bus.request(bus, Addresses.PARKING_CONNECTED,
        new JsonObject().put("callSid", callSid).put("agentId", agentId));
  }

  Future<JsonObject> parkingConnectFailed(String callSid, String agentId) {
    return Bus.request(bus, Addresses.PARKING_CONNECT_FAILED,
        new JsonObject().put("callSid", callSid).put("agentId", agentId));
  }

  Future<JsonObject> parkingArrived(String conferenceName, String callSid) {
    return Bus.request(bus, Addresses.PARKING_ARRIVED,
        new JsonObject().put("conferenceName", conferenceName).put("callSid", callSid));
  }

  Future<JsonObject> parkingConference(String conferenceName, String conferenceSid, String event) {
    return Bus.request(bus, Addresses.PARKING_CONFERENCE, new JsonObject()
        .put("conferenceName", conferenceName).put("conferenceSid", conferenceSid).put("event", event));
  }

  /** The call as {@code lookup}'s actor may see it (404 unknown, 403 another org's). */
  Future<CallView> call(io.switchboard.common.contract.CallLookup lookup) {
    return Bus.request(bus, Addresses.CALLS_GET, lookup.toJson()).map(CallView::fromJson);
  }

  /** Takes up to {@code limit} live calls nothing was heard of for {@code quietFor}, to check at Twilio. */
  Future<List<CallView>> quietCalls(java.time.Duration quietFor, int limit) {
    return Bus.request(bus, Addresses.CALLS_QUIET, new QuietCallsRequest(quietFor.toMillis(), limit).toJson())
        .map(reply -> {
          List<CallView> calls = new ArrayList<>();
          for (Object o : reply.getJsonArray("calls", new JsonArray())) {
            calls.add(CallView.fromJson((JsonObject) o));
          }
          return calls;
        });
  }

  private static List<String> ids(JsonArray array, String field) {
    List<String> ids = new ArrayList<>(array.size());
    for (Object o : array) {
      if (o instanceof JsonObject json && json.getString(field) != null) {
        ids.add(json.getString(field));
      }
    }
    return ids;
  }
}
