package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One agent's card: who, status, the call it holds, and since when it is idle. */
public record AgentView(String agentId, String orgId, String name, AgentStatus status, String callSid,
    Instant idleSince, long version) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("agentId", agentId).put("orgId", orgId).put("name", name).put("status", Fields.lower(status))
        .put("callSid", callSid).put("idleSince", Fields.instant(idleSince)).put("version", version);
  }

  public static AgentView fromJson(JsonObject json) {
    return new AgentView(
        Fields.requireId(json, "agentId"),
        Fields.requireId(json, "orgId"),
        Fields.optString(json, "name"),
        Fields.requireEnum(json, "status", AgentStatus.class),
        Fields.optId(json, "callSid"),
        Fields.optInstant(json, "idleSince"),
        Fields.optLong(json, "version", 0));
  }
}
