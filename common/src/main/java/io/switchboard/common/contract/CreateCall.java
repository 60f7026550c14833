package io.switchboard.common.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code calls.create}: a new inbound call, keyed by the caller's PSTN CallSid. */
public record CreateCall(String callSid, String orgId, String from, String to, RingMode ringMode,
    List<String> rungAgents) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("callSid", callSid).put("orgId", orgId).put("from", from).put("to", to)
        .put("ringMode", Fields.lower(ringMode)).put("rungAgents", new JsonArray(List.copyOf(rungAgents)));
  }

  public static CreateCall fromJson(JsonObject json) {
    return new CreateCall(
        Fields.requireId(json, "callSid"),
        Fields.requireId(json, "orgId"),
        Fields.requireString(json, "from"),
        Fields.requireString(json, "to"),
        Fields.optEnum(json, "ringMode", RingMode.class, RingMode.DIAL),
        Fields.optIdList(json, "rungAgents"));
  }
}
