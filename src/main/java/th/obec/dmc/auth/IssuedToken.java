package th.obec.dmc.auth;

import io.vertx.core.json.JsonObject;

/** A bearer token issued at a login or a password change, with whom it is for. */
public record IssuedToken(String accessToken, long expiresInSeconds, Principal principal, boolean mustChangePassword) {
  /** OAuth's field names for the token, this API's for the rest. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("access_token", accessToken)
        .put("token_type", "Bearer")
        .put("expires_in", expiresInSeconds)
        .put("role", principal.role().wire())
        .put("schoolCode", principal.schoolCode())
        .put("areaCode", principal.areaCode())
        .put("mustChangePassword", mustChangePassword);
  }
}
