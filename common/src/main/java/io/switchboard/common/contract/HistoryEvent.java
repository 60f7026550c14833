package io.switchboard.common.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One fact of a call's timeline, as its owner wrote it. {@code type}: {@code arrived},
 * {@code ring_start} ({@code agentIds}: the agents rung), {@code declined}, {@code answered} (the
 * claim: {@code agentId} won it, {@code agentIds} the rings it cancelled), {@code expired} (a claim
 * released unconnected), {@code connected}, {@code parked} ({@code actorId}: who parked it),
 * {@code retrieved} ({@code agentId} handed the call by {@code actorId}), {@code voicemail}
 * ({@code detail}: why), {@code voicemail_left} (the voice-webhook-service's recording,
 * {@code voicemailId}), {@code ended} ({@code detail}: why); older rows may hold {@code ring_cancel}.
 */
public record HistoryEvent(String type, Instant at, String agentId, List<String> agentIds, String actorId,
    String detail, String voicemailId) {

  public static final String VOICEMAIL_LEFT = "voicemail_left";

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("at", Fields.instant(at)).put("agentId", agentId)
        .put("agentIds", agentIds == null ? null : new JsonArray(List.copyOf(agentIds)))
        .put("actorId", actorId).put("detail", detail).put("voicemailId", voicemailId);
    return json;
  }

  public static HistoryEvent fromJson(JsonObject json) {
    return new HistoryEvent(
        Fields.requireString(json, "type"),
        Fields.optInstant(json, "at"),
        Fields.optId(json, "agentId"),
        json.getValue("agentIds") == null ? null : Fields.optIdList(json, "agentIds"),
        Fields.optId(json, "actorId"),
        Fields.optString(json, "detail"),
        Fields.optId(json, "voicemailId"));
  }
}
