package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/** {@code directory.number}: the organization that owns the called number {@code number} (E.164). */
public record NumberQuery(String number) {

  public JsonObject toJson() {
    return new JsonObject().put("number", number);
  }

  public static NumberQuery fromJson(JsonObject json) {
    return new NumberQuery(Fields.requireString(json, "number"));
  }
}
