package io.switchboard.common.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** One call as every service and every browser sees it; {@code version} grows with every change. */
public record CallView(
    String callSid,
    String orgId,
    String from,
    String to,
    CallStatus status,
    String assignedTo,
    RingMode ringMode,
    List<String> rungAgents,
    List<String> declinedBy,
    Instant createdAt,
    Instant answeredAt,
    Instant connectedAt,
    Instant parkedAt,
    Instant endedAt,
    String endReason,
    long version,
    CallerHistory callerHistory) {

  /** A call without the screen-pop's {@code callerHistory}. */
  public CallView(String callSid, String orgId, String from, String to, CallStatus status, String assignedTo,
      RingMode ringMode, List<String> rungAgents, List<String> declinedBy, Instant createdAt,
      Instant answeredAt, Instant connectedAt, Instant parkedAt, Instant endedAt, String endReason, long version) {
    this(callSid, orgId, from, to, status, assignedTo, ringMode, rungAgents, declinedBy, createdAt, answeredAt,
        connectedAt, parkedAt, endedAt, endReason, version, null);
  }

  /**
   * A call without {@code connectedAt}: the instant the assigned agent's phone took the call (null
   * while a won claim or a hand-over still rings that agent).
   */
  public CallView(String callSid, String orgId, String from, String to, CallStatus status, String assignedTo,
      RingMode ringMode, List<String> rungAgents, List<String> declinedBy, Instant createdAt,
      Instant answeredAt, Instant parkedAt, Instant endedAt, String endReason, long version) {
    this(callSid, orgId, from, to, status, assignedTo, ringMode, rungAgents, declinedBy, createdAt, answeredAt,
        null, parkedAt, endedAt, endReason, version);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("callSid", callSid).put("orgId", orgId).put("from", from).put("to", to)
        .put("status", Fields.lower(status)).put("assignedTo", assignedTo)
        .put("ringMode", Fields.lower(ringMode))
        .put("rungAgents", new JsonArray(List.copyOf(rungAgents)))
        .put("declinedBy", new JsonArray(List.copyOf(declinedBy)))
        .put("createdAt", Fields.instant(createdAt)).put("answeredAt", Fields.instant(answeredAt))
        .put("connectedAt", Fields.instant(connectedAt))
        .put("parkedAt", Fields.instant(parkedAt)).put("endedAt", Fields.instant(endedAt))
        .put("endReason", endReason).put("version", version)
        .put("callerHistory", callerHistory == null ? null : callerHistory.toJson());
  }

  public static CallView fromJson(JsonObject json) {
    return new CallView(
        Fields.requireId(json, "callSid"),
        Fields.requireId(json, "orgId"),
        Fields.optString(json, "from"),
        Fields.optString(json, "to"),
        Fields.requireEnum(json, "status", CallStatus.class),
        Fields.optId(json, "assignedTo"),
        Fields.optEnum(json, "ringMode", RingMode.class, RingMode.DIAL),
        Fields.optIdList(json, "rungAgents"),
        Fields.optIdList(json, "declinedBy"),
        Fields.optInstant(json, "createdAt"),
        Fields.optInstant(json, "answeredAt"),
        Fields.optInstant(json, "connectedAt"),
        Fields.optInstant(json, "parkedAt"),
        Fields.optInstant(json, "endedAt"),
        Fields.optString(json, "endReason"),
        Fields.optLong(json, "version", 0),
        json.getValue("callerHistory") instanceof JsonObject h ? CallerHistory.fromJson(h) : null);
  }
}
