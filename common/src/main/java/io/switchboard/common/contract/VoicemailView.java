package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One voicemail; the audio is fetched through the server, never from Twilio by the browser. */
public record VoicemailView(String voicemailId, String orgId, String callSid, String from,
    String recordingSid, int durationSeconds, String transcription, boolean handled, Instant createdAt,
    long version) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("voicemailId", voicemailId).put("orgId", orgId).put("callSid", callSid).put("from", from)
        .put("recordingSid", recordingSid).put("durationSeconds", durationSeconds)
        .put("transcription", transcription).put("handled", handled)
        .put("createdAt", Fields.instant(createdAt)).put("version", version);
  }

  public static VoicemailView fromJson(JsonObject json) {
    return new VoicemailView(
        Fields.requireId(json, "voicemailId"),
        Fields.requireId(json, "orgId"),
        Fields.optId(json, "callSid"),
        Fields.optString(json, "from"),
        Fields.optId(json, "recordingSid"),
        (int) Fields.optLong(json, "durationSeconds", 0),
        Fields.optString(json, "transcription"),
        Boolean.TRUE.equals(json.getBoolean("handled")),
        Fields.optInstant(json, "createdAt"),
        Fields.optLong(json, "version", 0));
  }
}
