package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One agent's card: who, status, the call it holds, since when it is idle, and why it is away when
 * Switchboard (not the agent) put it there ({@link #MISSED_RINGS}; null otherwise).
 */
public record AgentView(String agentId, String orgId, String name, AgentStatus status, String callSid,
    Instant idleSince, String awayReason, long version) {
  /** The away reason of an agent that missed its org's limit of rings in a row. */
  public static final String MISSED_RINGS = "missed calls";

  /** A card without an away reason. */
  public AgentView(String agentId, String orgId, String name, AgentStatus status, String callSid,
      Instant idleSince, long version) {
    this(agentId, orgId, name, status, callSid, idleSince, null, version);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("agentId", agentId).put("orgId", orgId).put("name", name).put("status", Fields.lower(status))
        .put("callSid", callSid).put("idleSince", Fields.instant(idleSince)).put("awayReason", awayReason)
        .put("version", version);
  }

  public static AgentView fromJson(JsonObject json) {
    return new AgentView(
        Fields.requireId(json, "agentId"),
        Fields.requireId(json, "orgId"),
        Fields.optString(json, "name"),
        Fields.requireEnum(json, "status", AgentStatus.class),
        Fields.optId(json, "callSid"),
        Fields.optInstant(json, "idleSince"),
        Fields.optString(json, "awayReason"),
        Fields.optLong(json, "version", 0));
  }
}
