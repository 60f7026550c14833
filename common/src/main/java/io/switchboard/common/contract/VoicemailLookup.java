package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code voicemails.audio}: where voicemail {@code voicemailId}'s recording is, asked by {@code actor}. */
public record VoicemailLookup(String voicemailId, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("voicemailId", voicemailId).put("actor", actor.toJson());
  }

  public static VoicemailLookup fromJson(JsonObject json) {
    return new VoicemailLookup(Fields.requireId(json, "voicemailId"), Actor.from(json));
  }
}
