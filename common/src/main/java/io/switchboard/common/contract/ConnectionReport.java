package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code presence.connected} / {@code presence.disconnected}: one dashboard socket of an agent,
 * on the cluster node {@code nodeId}, opened or closed.
 */
public record ConnectionReport(String agentId, String orgId, String connectionId, String nodeId) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("agentId", agentId).put("orgId", orgId).put("connectionId", connectionId).put("nodeId", nodeId);
  }

  public static ConnectionReport fromJson(JsonObject json) {
    return new ConnectionReport(
        Fields.requireId(json, "agentId"),
        Fields.requireId(json, "orgId"),
        Fields.requireString(json, "connectionId"),
        Fields.requireString(json, "nodeId"));
  }
}
