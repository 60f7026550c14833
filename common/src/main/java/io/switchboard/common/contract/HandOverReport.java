package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code parking.connected} and {@code parking.connect-failed}, sent by the voice-webhook: the agent
 * {@code agentId} a parked call {@code callSid} was sent to (an unpark, or a park timeout's
 * ring-back) answered it, or did not.
 */
public record HandOverReport(String callSid, String agentId) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("agentId", agentId);
  }

  public static HandOverReport fromJson(JsonObject json) {
    return new HandOverReport(Fields.requireId(json, "callSid"), Fields.requireId(json, "agentId"));
  }
}
