package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code directory.org}: one organization by id. */
public record OrgQuery(String orgId) {

  public JsonObject toJson() {
    return new JsonObject().put("orgId", orgId);
  }

  public static OrgQuery fromJson(JsonObject json) {
    return new OrgQuery(Fields.requireId(json, "orgId"));
  }
}
