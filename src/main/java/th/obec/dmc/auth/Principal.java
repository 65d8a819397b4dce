package th.obec.dmc.auth;

import io.vertx.core.json.JsonObject;

/** The user behind a request, as the token says: a role and the school or area it acts for. */
public record Principal(String username, Role role, String schoolCode, String areaCode) {

  public JsonObject claims() {
    JsonObject claims = new JsonObject().put("sub", username).put("role", role.wire());
    if (schoolCode != null) claims.put("schoolCode", schoolCode);
    if (areaCode != null) claims.put("areaCode", areaCode);
    return claims;
  }

  public static Principal fromClaims(JsonObject claims) {
    Role role = Role.fromWire(claims.getString("role", ""))
        .orElseThrow(() -> new IllegalArgumentException("token without a known role"));
    return new Principal(claims.getString("sub"), role, claims.getString("schoolCode"), claims.getString("areaCode"));
  }
}
