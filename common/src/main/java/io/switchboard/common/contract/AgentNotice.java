package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** A private message to one agent on {@code agent.<agentId>}, such as "another agent already answered". */
public record AgentNotice(Type type, String callSid, String message, String otherAgentId) {

  /** A claim that lost gets no notice: its reply names the winner (and a rung agent's ring is cancelled). */
  public enum Type {
    RING_CANCELLED,
    CLAIM_EXPIRED,
    RING,
    /** Your call was parked after all: Twilio confirmed the park only after your request had failed. */
    PARKED,
    /** A parked call handed to an agent was not answered and is back in the lot (to both agents). */
    HAND_OVER_MISSED,
    /** The agent missed its org's limit of rings in a row and is now away ("missed calls"). */
    MISSED_RINGS
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", Fields.lower(type)).put("callSid", callSid).put("message", message)
        .put("otherAgentId", otherAgentId);
  }

  public static AgentNotice fromJson(JsonObject json) {
    return new AgentNotice(
        Fields.requireEnum(json, "type", Type.class),
        Fields.optId(json, "callSid"),
        Fields.optString(json, "message"),
        Fields.optId(json, "otherAgentId"));
  }
}
