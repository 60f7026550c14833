package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code parking.arrived}, sent by the voice-webhook: the caller {@code callSid} reached the TwiML of
 * park conference {@code conferenceName}, so a park Twilio had not confirmed (and that was undone)
 * happened after all.
 */
public record ParkArrival(String conferenceName, String callSid) {

  public JsonObject toJson() {
    return new JsonObject().put("conferenceName", conferenceName).put("callSid", callSid);
  }

  public static ParkArrival fromJson(JsonObject json) {
    return new ParkArrival(Fields.requireString(json, "conferenceName"), Fields.optId(json, "callSid"));
  }
}
