package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * The answer to {@code parking.retrieve-spot}: the retriever won the parked call, which has left the
 * lot; the retriever's call joins {@code conferenceName}, where the parked caller waits.
 */
public record SpotRetrieved(String conferenceName, String parkedCallSid, String from) {

  public JsonObject toJson() {
    return new JsonObject().put("conferenceName", conferenceName).put("parkedCallSid", parkedCallSid)
        .put("from", from);
  }

  public static SpotRetrieved fromJson(JsonObject json) {
    return new SpotRetrieved(Fields.requireString(json, "conferenceName"), Fields.requireId(json, "parkedCallSid"),
        Fields.optString(json, "from"));
  }
}
