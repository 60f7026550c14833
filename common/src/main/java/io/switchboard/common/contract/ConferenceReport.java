package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code parking.conference}, sent by the voice-webhook from a park conference's status callback:
 * Twilio created conference {@code conferenceName} as {@code conferenceSid} ({@code event}: Twilio's
 * {@code StatusCallbackEvent}).
 */
public record ConferenceReport(String conferenceName, String conferenceSid, String event) {

  public JsonObject toJson() {
    return new JsonObject().put("conferenceName", conferenceName).put("conferenceSid", conferenceSid)
        .put("event", event);
  }

  public static ConferenceReport fromJson(JsonObject json) {
    return new ConferenceReport(Fields.requireString(json, "conferenceName"), Fields.requireId(json, "conferenceSid"),
        Fields.optString(json, "event"));
  }
}
