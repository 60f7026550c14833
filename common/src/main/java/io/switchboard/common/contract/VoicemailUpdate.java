package io.switchboard.common.contract;

import io.switchboard.common.bus.Failures;

import io.vertx.core.json.JsonObject;

/** {@code voicemails.update}: mark a voicemail handled (or not). */
public record VoicemailUpdate(String voicemailId, boolean handled, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("voicemailId", voicemailId).put("handled", handled).put("actor", actor.toJson());
  }

  public static VoicemailUpdate fromJson(JsonObject json) {
    Object handled = json.getValue("handled");
    if (!(handled instanceof Boolean)) {
      throw Failures.badRequest("'handled' must be true or false");
    }
    return new VoicemailUpdate(Fields.requireId(json, "voicemailId"), (Boolean) handled, Actor.from(json));
  }
}
