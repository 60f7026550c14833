package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code claims.decline}: {@code actor} declines a ringing call. */
public record DeclineRequest(String callSid, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("actor", actor.toJson());
  }

  public static DeclineRequest fromJson(JsonObject json) {
    return new DeclineRequest(Fields.requireId(json, "callSid"), Actor.from(json));
  }
}
