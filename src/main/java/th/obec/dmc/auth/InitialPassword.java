package th.obec.dmc.auth;

import io.vertx.core.json.JsonObject;

/** A password made up for someone else's account: shown once, to be changed at its first login. */
public record InitialPassword(String username, String initialPassword) {
  public JsonObject toJson() {
    return new JsonObject().put("username", username).put("initialPassword", initialPassword)
        .put("mustChangePassword", true);
  }
}
