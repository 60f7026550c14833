package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code parking.retrieve-spot}, sent by the voice-webhook: the person on call {@code callSid}, who
 * called the org's number, keyed {@code *} and {@code spot} to take the call parked in that spot.
 */
public record SpotRetrieval(String orgId, int spot, String callSid) {

  public JsonObject toJson() {
    return new JsonObject().put("orgId", orgId).put("spot", spot).put("callSid", callSid);
  }

  public static SpotRetrieval fromJson(JsonObject json) {
    return new SpotRetrieval(Fields.requireId(json, "orgId"), (int) Fields.optLong(json, "spot", 0),
        Fields.requireId(json, "callSid"));
  }
}
