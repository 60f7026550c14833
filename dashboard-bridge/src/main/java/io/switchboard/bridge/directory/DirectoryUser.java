package io.switchboard.bridge.directory;

import io.switchboard.common.contract.Role;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** One user of the directory. The hash never leaves the bridge: {@link #toJson} omits it. */
public record DirectoryUser(String id, String orgId, String email, String name, Role role, String passwordHash) {

  public String roleName() {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** The user as the API shows it ({@code GET /api/me}, the login answer). */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("orgId", orgId).put("name", name).put("email", email)
        .put("role", roleName());
  }

  @Override
  public String toString() {
    return "DirectoryUser[" + id + ", " + orgId + ", " + email + ", " + role + "]";
  }
}
