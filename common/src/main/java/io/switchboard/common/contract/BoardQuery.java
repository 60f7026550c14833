package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** A read of one organization's board (snapshot parts, available agents). */
public record BoardQuery(String orgId) {

  public JsonObject toJson() {
    return new JsonObject().put("orgId", orgId);
  }

  public static BoardQuery fromJson(JsonObject json) {
    return new BoardQuery(Fields.requireId(json, "orgId"));
  }
}
