package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * {@code presence.signed-out}: the agent signed out. Unlike a closed tab (which keeps the grace
 * period), it is offline at once on every board and is rung no more; a call it holds stays its own.
 */
public record SignedOut(String agentId, String orgId) {

  public JsonObject toJson() {
    return new JsonObject().put("agentId", agentId).put("orgId", orgId);
  }

  public static SignedOut fromJson(JsonObject json) {
    return new SignedOut(Fields.requireId(json, "agentId"), Fields.requireId(json, "orgId"));
  }
}
