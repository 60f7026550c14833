package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code directory.users}: an organization's users. */
public record UserList(List<User> users) {

  /** One user as the other services see it: never its password hash. */
  public record User(String id, String name, String email, Role role) {

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("email", email).put("role", Fields.lower(role));
    }

    public static User fromJson(JsonObject json) {
      return new User(Fields.requireId(json, "id"), Fields.optString(json, "name"), Fields.optString(json, "email"),
          Fields.requireEnum(json, "role", Role.class));
    }
  }

  /** Whether {@code userId} is one of them. */
  public boolean has(String userId) {
    return users.stream().anyMatch(u -> u.id().equals(userId));
  }

  /** The e-mail addresses of the org's admins (those who have one). */
  public List<String> adminEmails() {
    return users.stream().filter(u -> u.role() == Role.ADMIN && u.email() != null).map(User::email).toList();
  }

  public JsonObject toJson() {
    return new JsonObject().put("users", Fields.array(users, User::toJson));
  }

  public static UserList fromJson(JsonObject json) {
    return new UserList(Fields.optObjectList(json, "users", User::fromJson));
  }
}
