package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One call in the parking lot, with what the dashboard needs for its countdown. */
public record ParkedView(String parkedId, String callSid, String orgId, String from, String parkedBy,
    String conferenceName, String conferenceSid, Instant parkedAt, Instant timeoutAt, long version,
    String missedBy) {

  /** A parked call no hand-over missed. */
  public ParkedView(String parkedId, String callSid, String orgId, String from, String parkedBy,
      String conferenceName, String conferenceSid, Instant parkedAt, Instant timeoutAt, long version) {
    this(parkedId, callSid, orgId, from, parkedBy, conferenceName, conferenceSid, parkedAt, timeoutAt, version, null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("parkedId", parkedId).put("callSid", callSid).put("orgId", orgId).put("from", from)
        .put("parkedBy", parkedBy).put("conferenceName", conferenceName).put("conferenceSid", conferenceSid)
        .put("parkedAt", Fields.instant(parkedAt)).put("timeoutAt", Fields.instant(timeoutAt))
        .put("version", version).put("missedBy", missedBy);
  }

  public static ParkedView fromJson(JsonObject json) {
    return new ParkedView(
        Fields.requireId(json, "parkedId"),
        Fields.requireId(json, "callSid"),
        Fields.requireId(json, "orgId"),
        Fields.optString(json, "from"),
        Fields.optId(json, "parkedBy"),
        Fields.optString(json, "conferenceName"),
        Fields.optId(json, "conferenceSid"),
        Fields.optInstant(json, "parkedAt"),
        Fields.optInstant(json, "timeoutAt"),
        Fields.optLong(json, "version", 0),
        Fields.optId(json, "missedBy"));
  }
}
