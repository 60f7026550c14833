package io.switchboard.common.contract;

import io.switchboard.common.bus.Failures;
import io.vertx.core.json.JsonObject;

/**
 * Who asks. The dashboard-bridge fills it from the verified JWT, never from the request body, so a
 * service can check "an agent acts only as itself and only in its org" without trusting the browser.
 */
public record Actor(String id, String orgId, Role role) {

  public static Actor system(String orgId) {
    return new Actor("system", orgId, Role.SYSTEM);
  }

  /** Switchboard itself (a webhook, a timer): never a person. */
  public boolean isSystem() {
    return role == Role.SYSTEM;
  }

  public boolean isPrivileged() {
    return role == Role.ADMIN || role == Role.SUPERVISOR || role == Role.SYSTEM;
  }

  /** May this actor act on behalf of {@code agentId} of org {@code orgId}? */
  public boolean mayActFor(String agentId, String agentOrgId) {
    if (!orgId.equals(agentOrgId)) {
      return false;
    }
    return isPrivileged() || id.equals(agentId);
  }

  /** Fails with 403 unless this actor belongs to {@code otherOrgId}. */
  public void requireOrg(String otherOrgId) {
    if (!orgId.equals(otherOrgId)) {
      throw Failures.forbidden("not in your organization");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("orgId", orgId).put("role", Fields.lower(role));
  }

  public static Actor fromJson(JsonObject json) {
    if (json == null) {
      throw Failures.badRequest("'actor' is required");
    }
    return new Actor(
        Fields.requireId(json, "id"),
        Fields.requireId(json, "orgId"),
        Fields.requireEnum(json, "role", Role.class));
  }

  static Actor from(JsonObject message) {
    Object value = message.getValue("actor");
    if (!(value instanceof JsonObject json)) {
      throw Failures.badRequest("'actor' is required");
    }
    return fromJson(json);
  }
}
