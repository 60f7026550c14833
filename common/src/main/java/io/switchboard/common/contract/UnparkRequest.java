package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code parking.unpark}: retrieve parked call {@code parkedId} to agent {@code agentId}. */
public record UnparkRequest(String parkedId, String agentId, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("parkedId", parkedId).put("agentId", agentId).put("actor", actor.toJson());
  }

  public static UnparkRequest fromJson(JsonObject json) {
    return new UnparkRequest(Fields.requireId(json, "parkedId"), Fields.requireId(json, "agentId"), Actor.from(json));
  }
}
