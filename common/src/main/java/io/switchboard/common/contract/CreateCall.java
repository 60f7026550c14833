package io.switchboard.common.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code calls.create}: a new inbound call, keyed by the caller's PSTN CallSid. {@code openVoicemails}:
 * the caller's voicemails the org has not handled yet, as the voice-webhook-service (their owner)
 * counted them for the screen-pop; null when it could not tell.
 */
public record CreateCall(String callSid, String orgId, String from, String to, RingMode ringMode,
    List<String> rungAgents, Integer openVoicemails) {

  public CreateCall(String callSid, String orgId, String from, String to, RingMode ringMode, List<String> rungAgents) {
    this(callSid, orgId, from, to, ringMode, rungAgents, null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("callSid", callSid).put("orgId", orgId).put("from", from).put("to", to)
        .put("ringMode", Fields.lower(ringMode)).put("rungAgents", new JsonArray(List.copyOf(rungAgents)))
        .put("openVoicemails", openVoicemails);
  }

  public static CreateCall fromJson(JsonObject json) {
    return new CreateCall(
        Fields.requireId(json, "callSid"),
        Fields.requireId(json, "orgId"),
        Fields.requireString(json, "from"),
        Fields.requireString(json, "to"),
        Fields.optEnum(json, "ringMode", RingMode.class, RingMode.DIAL),
        Fields.optIdList(json, "rungAgents"),
        json.getValue("openVoicemails") instanceof Number n && n.intValue() >= 0 ? n.intValue() : null);
  }
}
