package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code calls.transition}: move a call along the state machine. {@code agentId} is the agent the
 * call goes to (UNPARK) or comes from; {@code reason} is recorded for END and VOICEMAIL.
 */
public record TransitionRequest(String callSid, Transition transition, String agentId, String reason,
    Actor actor) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("callSid", callSid).put("transition", transition.name()).put("agentId", agentId)
        .put("reason", reason).put("actor", actor.toJson());
  }

  public static TransitionRequest fromJson(JsonObject json) {
    return new TransitionRequest(
        Fields.requireId(json, "callSid"),
        Fields.requireEnum(json, "transition", Transition.class),
        Fields.optId(json, "agentId"),
        Fields.optString(json, "reason"),
        Actor.from(json));
  }
}
