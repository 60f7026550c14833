package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code parking.park}: park the call {@code callSid} held by {@code agentId}. {@code callSid} may
 * be the caller's PSTN CallSid or the agent's own leg; the parking-service resolves the PSTN leg.
 */
public record ParkRequest(String callSid, String agentId, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("agentId", agentId).put("actor", actor.toJson());
  }

  public static ParkRequest fromJson(JsonObject json) {
    return new ParkRequest(Fields.requireId(json, "callSid"), Fields.requireId(json, "agentId"), Actor.from(json));
  }
}
