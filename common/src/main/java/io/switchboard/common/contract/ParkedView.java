package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One call in the parking lot, with what the dashboard needs for its countdown. {@code spot} is the
 * call's spot number in its org's lot (the lowest free one when it was parked, 1, 2, 3...; kept until
 * the call leaves the lot), which a person keys ({@code *} and the spot) to retrieve it from a phone.
 */
public record ParkedView(String parkedId, String callSid, String orgId, String from, String parkedBy,
    String conferenceName, String conferenceSid, Instant parkedAt, Instant timeoutAt, long version,
    String missedBy, int spot) {

  /** A parked call no hand-over missed. */
  public ParkedView(String parkedId, String callSid, String orgId, String from, String parkedBy,
      String conferenceName, String conferenceSid, Instant parkedAt, Instant timeoutAt, long version) {
    this(parkedId, callSid, orgId, from, parkedBy, conferenceName, conferenceSid, parkedAt, timeoutAt, version, null);
  }

  /** A parked call without a spot number (0: not known). */
  public ParkedView(String parkedId, String callSid, String orgId, String from, String parkedBy,
      String conferenceName, String conferenceSid, Instant parkedAt, Instant timeoutAt, long version,
      String missedBy) {
    this(parkedId, callSid, orgId, from, parkedBy, conferenceName, conferenceSid, parkedAt, timeoutAt, version,
        missedBy, 0);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("parkedId", parkedId).put("callSid", callSid).put("orgId", orgId).put("from", from)
        .put("parkedBy", parkedBy).put("conferenceName", conferenceName).put("conferenceSid", conferenceSid)
        .put("parkedAt", Fields.instant(parkedAt)).put("timeoutAt", Fields.instant(timeoutAt))
        .put("version", version).put("missedBy", missedBy).put("spot", spot);
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
        Fields.optId(json, "missedBy"),
        (int) Fields.optLong(json, "spot", 0));
  }
}
