package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code calls.hangup}: hang a call up from the server, for its own agent (whose phone may not hold
 * its leg: signed out and back in, another device) or for an admin ending a call stuck on the board.
 * The voice-webhook-service decides who may.
 */
public record HangupRequest(String callSid, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("actor", actor.toJson());
  }

  public static HangupRequest fromJson(JsonObject json) {
    return new HangupRequest(Fields.requireId(json, "callSid"), Actor.from(json));
  }
}
