package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code voicemails.audio}: where the bridge fetches the recording (HTTP Basic auth
 * with the account SID and auth token) to stream it to the browser. Mapped by Vert.x's JSON
 * mapping: plain strings its owner wrote, nothing to check on the way in.
 */
public record VoicemailRecording(String voicemailId, String orgId, String recordingSid, String recordingUrl,
    String contentType) {

  public JsonObject toJson() {
    return JsonObject.mapFrom(this);
  }

  public static VoicemailRecording fromJson(JsonObject json) {
    return json.mapTo(VoicemailRecording.class);
  }
}
