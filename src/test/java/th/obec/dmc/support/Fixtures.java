package th.obec.dmc.support;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registry and accounts built through the API, as an OBEC administrator would. */
public final class Fixtures {
  public static final String PASSWORD = "password-1234";

  private Fixtures() {}

  /** Imports a registry CSV: each row is area_code, area_name, area_kind, province, school_code, school_name. */
  public static void registry(TestServer server, String adminToken, String... rows) {
    String csv = "area_code,area_name,area_kind,province,school_code,school_name\n" + String.join("\n", rows) + "\n";
    var r = server.postBytes("/api/v1/registry/schools", adminToken, csv.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  public static void user(TestServer server, String adminToken, String username, String role, String scopeField,
                          String scope) {
    JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD).put("role", role);
    if (scopeField != null) body.put(scopeField, scope);
    var r = server.post("/api/v1/users", adminToken, body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
  }
}
