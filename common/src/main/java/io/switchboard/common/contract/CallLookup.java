package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code calls.get}: one call by its PSTN CallSid, seen by {@code actor} (403 for another org). */
public record CallLookup(String callSid, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("actor", actor.toJson());
  }

  public static CallLookup fromJson(JsonObject json) {
    return new CallLookup(Fields.requireId(json, "callSid"), Actor.from(json));
  }
}
