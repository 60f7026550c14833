package io.switchboard.bridge.api;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallTimeline;
import io.switchboard.common.contract.HistoryEvent;
import io.switchboard.common.contract.HistoryQuery;
import io.switchboard.common.contract.VoicemailList;
import io.switchboard.common.contract.VoicemailView;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Call history: the search ({@code calls.history}, the claim-service's calls) and one call's timeline,
 * the claim-service's events of it merged in time order with the voice-webhook-service's voicemails
 * recorded on it ({@code voicemail_left}). Every role of the org may read its own org's history; the
 * org always comes from the verified token, so another org's call is a 404 like an unknown one.
 */
final class CallHistory {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+-]{1,128}");

  private final EventBus bus;
  private final long timeoutMs;

  CallHistory(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** {@code GET /api/history/calls}: query parameters are checked here (400 with the field named). */
  Future<JsonObject> search(Actor actor, MultiMap params) {
    for (String name : params.names()) {
      if (params.getAll(name).size() > 1) {
        throw Failures.badRequest("each query parameter may be given once");
      }
    }
    String agentId = blankToNull(params.get("agentId"));
    if (agentId != null && !ID.matcher(agentId).matches()) {
      throw Failures.badRequest("'agentId' must be an identifier");
    }
    HistoryQuery query = new HistoryQuery(actor, blankToNull(params.get("number")), agentId,
        instant(params, "since"), instant(params, "until"), blankToNull(params.get("outcome")),
        integer(params, "offset", 0), integer(params, "limit", HistoryQuery.DEFAULT_LIMIT));
    return Bus.request(bus, Addresses.CALLS_HISTORY, query.toJson(), timeoutMs);
  }

  /** {@code GET /api/history/calls/{callSid}}. */
  Future<JsonObject> timeline(Actor actor, String callSid) {
    CallLookup lookup = new CallLookup(callSid, actor);
    return Bus.request(bus, Addresses.CALLS_TIMELINE, lookup.toJson(), timeoutMs)
        .compose(reply -> Bus.request(bus, Addresses.VOICEMAILS_OF_CALL, lookup.toJson(), timeoutMs)
            .map(voicemails -> merged(CallTimeline.fromJson(reply), VoicemailList.fromJson(voicemails), actor)));
  }

  private static JsonObject merged(CallTimeline timeline, VoicemailList voicemails, Actor actor) {
    List<VoicemailView> own = voicemails.voicemails().stream().filter(v -> v.orgId().equals(actor.orgId())).toList();
    List<HistoryEvent> events = new ArrayList<>(timeline.events());
    for (VoicemailView v : own) {
      events.add(new HistoryEvent(HistoryEvent.VOICEMAIL_LEFT, v.createdAt(), null, null, null,
          v.durationSeconds() + " s", v.voicemailId()));
    }
    // Stable: events of the same instant keep their owner's order; a recording comes after what led to it.
    events.sort(Comparator.comparing(HistoryEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
    return new CallTimeline(timeline.call(), events).toJson()
        .put("voicemails", new VoicemailList(own).toJson().getJsonArray("voicemails"));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Instant instant(MultiMap params, String name) {
    String value = blankToNull(params.get(name));
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Failures.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
    }
  }

  private static int integer(MultiMap params, String name, int fallback) {
    String value = blankToNull(params.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw Failures.badRequest("'" + name + "' must be a whole number");
    }
  }
}
