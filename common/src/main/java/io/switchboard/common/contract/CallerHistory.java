package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The screen-pop: what the org knew of a caller when its call arrived. {@code previousCalls} from
 * the same number, the last one's CallSid, time, outcome ({@code answered}, {@code voicemail},
 * {@code abandoned}, {@code live}) and agent (who last talked to the caller, null if nobody), and
 * the caller's voicemails nobody has handled yet (null: unknown). All null but the count when the
 * caller never called before.
 */
public record CallerHistory(long previousCalls, String lastCallSid, Instant lastCallAt, String lastOutcome,
    String lastAgent, Integer openVoicemails) {
  /**
   * Previous calls and open voicemails are counted up to this many ("20+"): each count is part of a
   * new call's insert, and a number that calls all day (a robocaller, a withheld caller ID) would
   * otherwise make every one of its calls cost more than the last.
   */
  public static final int MAX_COUNTED = 20;

  public JsonObject toJson() {
    return new JsonObject().put("previousCalls", previousCalls).put("lastCallSid", lastCallSid)
        .put("lastCallAt", Fields.instant(lastCallAt)).put("lastOutcome", lastOutcome)
        .put("lastAgent", lastAgent).put("openVoicemails", openVoicemails);
  }

  public static CallerHistory fromJson(JsonObject json) {
    return new CallerHistory(
        Fields.optLong(json, "previousCalls", 0),
        Fields.optId(json, "lastCallSid"),
        Fields.optInstant(json, "lastCallAt"),
        Fields.optString(json, "lastOutcome"),
        Fields.optId(json, "lastAgent"),
        json.getValue("openVoicemails") instanceof Number n ? n.intValue() : null);
  }
}
