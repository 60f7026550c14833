package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** The answer to a claim: {@code WON} or {@code LOST}, and who won either way. */
public record ClaimResult(Outcome outcome, String callSid, String winner, long version) {

  public enum Outcome {
    WON,
    LOST
  }

  public boolean won() {
    return outcome == Outcome.WON;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("outcome", outcome.name()).put("callSid", callSid).put("winner", winner).put("version", version);
  }

  public static ClaimResult fromJson(JsonObject json) {
    return new ClaimResult(
        Fields.requireEnum(json, "outcome", Outcome.class),
        Fields.requireId(json, "callSid"),
        Fields.optId(json, "winner"),
        Fields.optLong(json, "version", 0));
  }
}
