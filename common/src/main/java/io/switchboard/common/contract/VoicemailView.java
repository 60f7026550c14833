package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One voicemail; the audio is fetched through the server, never from Twilio by the browser.
 * {@code notification}: how the org's admins were told ({@link #EMAILED}, {@link #LOGGED}: SMTP not
 * configured, {@link #NO_ADMINS}, {@link #FAILED}), null until done; {@code notifiedAdmins}: how many.
 */
public record VoicemailView(String voicemailId, String orgId, String callSid, String from,
    String recordingSid, int durationSeconds, String transcription, boolean handled, Instant createdAt,
    long version, String notification, int notifiedAdmins) {

  public static final String EMAILED = "emailed";
  public static final String LOGGED = "logged";
  public static final String NO_ADMINS = "no-admins";
  public static final String FAILED = "failed";

  public JsonObject toJson() {
    return new JsonObject()
        .put("voicemailId", voicemailId).put("orgId", orgId).put("callSid", callSid).put("from", from)
        .put("recordingSid", recordingSid).put("durationSeconds", durationSeconds)
        .put("transcription", transcription).put("handled", handled)
        .put("createdAt", Fields.instant(createdAt)).put("version", version)
        .put("notification", notification).put("notifiedAdmins", notifiedAdmins);
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
        Fields.optLong(json, "version", 0),
        Fields.optString(json, "notification"),
        (int) Fields.optLong(json, "notifiedAdmins", 0));
  }
}
