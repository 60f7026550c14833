package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Published on {@code sessions.revoked} by the bridge node where dashboard session {@code sessionId}
 * logged out; {@code expiresAt}: when its token expires anyway, so a node may forget it then.
 */
public record SessionRevoked(String sessionId, Instant expiresAt) {

  public JsonObject toJson() {
    return new JsonObject().put("sessionId", sessionId).put("expiresAt", Fields.instant(expiresAt));
  }

  public static SessionRevoked fromJson(JsonObject json) {
    return new SessionRevoked(Fields.requireString(json, "sessionId"), Fields.requireInstant(json, "expiresAt"));
  }
}
