package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * An organization and its per-org call settings. A null setting means "use the process default"
 * ({@code SWITCHBOARD_WRAP_UP_SECONDS}, {@code SWITCHBOARD_PARK_TIMEOUT_SECONDS}, the built-in
 * hold music, {@code SWITCHBOARD_MAX_MISSED_RINGS}).
 */
public record OrgView(String orgId, String name, Integer wrapUpSeconds, Integer parkTimeoutSeconds,
    String holdMusicUrl, Integer maxMissedRings) {

  /** An org without a missed-rings limit of its own. */
  public OrgView(String orgId, String name, Integer wrapUpSeconds, Integer parkTimeoutSeconds, String holdMusicUrl) {
    this(orgId, name, wrapUpSeconds, parkTimeoutSeconds, holdMusicUrl, null);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("orgId", orgId).put("name", name).put("wrapUpSeconds", wrapUpSeconds)
        .put("parkTimeoutSeconds", parkTimeoutSeconds).put("holdMusicUrl", holdMusicUrl)
        .put("maxMissedRings", maxMissedRings);
  }

  public static OrgView fromJson(JsonObject json) {
    return new OrgView(
        Fields.requireId(json, "orgId"),
        Fields.optString(json, "name"),
        json.getInteger("wrapUpSeconds"),
        json.getInteger("parkTimeoutSeconds"),
        Fields.optString(json, "holdMusicUrl"),
        json.getInteger("maxMissedRings"));
  }
}
