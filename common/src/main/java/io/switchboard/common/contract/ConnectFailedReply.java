package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * The reply of {@code parking.connect-failed}: what the voice-webhook does with the caller. {@code
 * PARK}: back to the lot, into conference {@code conferenceName}; {@code RING_ALL}: a park timeout's
 * ring-back went unanswered, so every available agent of {@code orgId} (if known) is rung.
 */
public record ConnectFailedReply(Action action, String conferenceName, String orgId) {

  public enum Action {
    PARK,
    RING_ALL
  }

  public static ConnectFailedReply park(String conferenceName, String orgId) {
    return new ConnectFailedReply(Action.PARK, conferenceName, orgId);
  }

  public static ConnectFailedReply ringAll(String orgId) {
    return new ConnectFailedReply(Action.RING_ALL, null, orgId);
  }

  /** Only the fields that are set: a ring-all names no conference. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("action", Fields.lower(action));
    if (conferenceName != null) {
      json.put("conferenceName", conferenceName);
    }
    return orgId == null ? json : json.put("orgId", orgId);
  }

  public static ConnectFailedReply fromJson(JsonObject json) {
    return new ConnectFailedReply(Fields.requireEnum(json, "action", Action.class),
        Fields.optString(json, "conferenceName"), Fields.optId(json, "orgId"));
  }
}
