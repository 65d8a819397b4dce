package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.app.App;
import th.obec.dmc.app.Config;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/** The first admin keeps the rules of every account: a password the policy allows, changed at first login. */
@ExtendWith(VertxExtension.class)
class FirstAdminTest {

  @Test
  void theFirstAdminMustChangeTheFirstPasswordBeforeAnythingElse(Vertx vertx) throws Exception {
    Path secret = ClassResources.folder(FirstAdminTest.class, "secret").resolve("admin-password");
    Files.writeString(secret, "first-admin-secret-1\n");
    try (TestServer server = TestServer.start(vertx, FirstAdminTest.class,
        Map.of(TestServer.FRESH_ADMIN, "yes", "DMC_ADMIN_PASSWORD", "", "DMC_ADMIN_PASSWORD_FILE", secret.toString()))) {
      var login = server.post("/api/v1/auth/token", null,
          new JsonObject().put("username", "admin").put("password", "first-admin-secret-1"));
      assertEquals(200, login.statusCode(), "the password comes from the secret file: " + login.bodyAsString());
      assertTrue(login.bodyAsJsonObject().getBoolean("mustChangePassword"));
      String first = login.bodyAsJsonObject().getString("access_token");
      assertProblem(server.get("/api/v1/users", first), 403, "PASSWORD_CHANGE_REQUIRED");
      var changed = server.post("/api/v1/auth/password", first,
          new JsonObject().put("currentPassword", "first-admin-secret-1").put("newPassword", "the-admins-own-1"));
      assertEquals(200, changed.statusCode(), changed.bodyAsString());
      assertEquals(200, server.get("/api/v1/users", changed.bodyAsJsonObject().getString("access_token")).statusCode());
    }
  }

  @Test
  void aFirstPasswordBelowTheRulesStopsTheStartWithTheReason() {
    Path data = Path.of(System.getProperty("java.io.tmpdir"), "dmc-first-admin-" + System.nanoTime());
    Exception refused = assertThrows(Exception.class, () -> App.start(Config.fromEnv(Map.of(
        "DMC_HTTP_PORT", "0", "DMC_DATA_DIR", data.toString(), "DMC_ADMIN_PASSWORD", "short",
        "DMC_DB_URL", TestDatabase.fresh(FirstAdminTest.class).withPassword()))).await(2, TimeUnit.MINUTES));
    assertTrue(String.valueOf(refused.getMessage()).contains("DMC_ADMIN_PASSWORD does not meet the password rules"),
        String.valueOf(refused));
  }
}
