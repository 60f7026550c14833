package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code claims.claim}: {@code actor} answers the call with PSTN CallSid {@code callSid}. */
public record ClaimRequest(String callSid, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("actor", actor.toJson());
  }

  public static ClaimRequest fromJson(JsonObject json) {
    return new ClaimRequest(Fields.requireId(json, "callSid"), Actor.from(json));
  }
}
