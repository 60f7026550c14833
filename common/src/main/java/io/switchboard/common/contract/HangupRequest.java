package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code calls.hangup}: end an active call from the server, for when the agent's phone does not hold
 * its leg (the agent signed out and back in, another device). Only the agent the call is assigned to,
 * or an admin of its org, may.
 */
public record HangupRequest(String callSid, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("actor", actor.toJson());
  }

  public static HangupRequest fromJson(JsonObject json) {
    return new HangupRequest(Fields.requireId(json, "callSid"), Actor.from(json));
  }
}
