package th.obec.dmc.auth;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;

/** An account as the admin API shows it; the password hash never leaves the repository. */
public record User(String username, Role role, String schoolCode, String areaCode, boolean disabled,
                   OffsetDateTime createdAt, boolean mustChangePassword) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("username", username)
        .put("role", role.wire())
        .put("schoolCode", schoolCode)
        .put("areaCode", areaCode)
        .put("disabled", disabled)
        .put("mustChangePassword", mustChangePassword)
        .put("createdAt", createdAt == null ? null : createdAt.toString());
  }
}
