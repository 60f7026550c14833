package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One call as history shows it: when it arrived, was first answered and ended (and why), its
 * outcome ({@code answered}, {@code voicemail}, {@code abandoned}, {@code live}), the agent who last
 * talked to the caller (null if none) and how many times it was parked.
 */
public record HistoryCall(String callSid, String from, String to, CallStatus status, Instant createdAt,
    Instant answeredAt, Instant endedAt, String endReason, String outcome, String agentId, int parks) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("from", from).put("to", to)
        .put("status", Fields.lower(status)).put("createdAt", Fields.instant(createdAt))
        .put("answeredAt", Fields.instant(answeredAt)).put("endedAt", Fields.instant(endedAt))
        .put("endReason", endReason).put("outcome", outcome).put("agentId", agentId).put("parks", parks);
  }

  public static HistoryCall fromJson(JsonObject json) {
    return new HistoryCall(
        Fields.requireId(json, "callSid"),
        Fields.optString(json, "from"),
        Fields.optString(json, "to"),
        Fields.requireEnum(json, "status", CallStatus.class),
        Fields.optInstant(json, "createdAt"),
        Fields.optInstant(json, "answeredAt"),
        Fields.optInstant(json, "endedAt"),
        Fields.optString(json, "endReason"),
        Fields.optString(json, "outcome"),
        Fields.optId(json, "agentId"),
        (int) Fields.optLong(json, "parks", 0));
  }
}
