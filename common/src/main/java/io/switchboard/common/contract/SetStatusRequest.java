package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code presence.set-status}: {@code actor} sets {@code agentId} available or away. */
public record SetStatusRequest(String agentId, AgentStatus status, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("agentId", agentId).put("status", Fields.lower(status)).put("actor", actor.toJson());
  }

  public static SetStatusRequest fromJson(JsonObject json) {
    return new SetStatusRequest(
        Fields.requireId(json, "agentId"),
        Fields.requireEnum(json, "status", AgentStatus.class),
        Actor.from(json));
  }
}
