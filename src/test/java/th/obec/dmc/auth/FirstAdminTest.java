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
  void aGeneratedFirstPasswordGoesToAPrivateFileNeverToTheConsoleOrTheLog(Vertx vertx) throws Exception {
    Path data = ClassResources.folder(FirstAdminTest.class, "dmc-embedded");
    java.io.PrintStream console = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    ch.qos.logback.classic.Logger users = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(UserService.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    users.addAppender(logged);
    ch.qos.logback.classic.Level level = users.getLevel();
    users.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' log is quieter than the product's
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    TestServer server;
    try {
      server = TestServer.start(vertx, null, data, Map.of(TestServer.FRESH_ADMIN, "yes", "DMC_ADMIN_PASSWORD", ""));
    } finally {
      System.setOut(console);
    }
    try (TestServer started = server) {
      Path file = data.resolve("first-admin-password");
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      String password = Files.readString(file).strip();
      String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(out.contains(file.toString()) && !out.contains(password), "the console names the file only: " + out);
      var login = started.post("/api/v1/auth/token", null, new JsonObject().put("username", "admin").put("password", password));
      assertEquals(200, login.statusCode(), login.bodyAsString());
      assertTrue(login.bodyAsJsonObject().getBoolean("mustChangePassword"));
      // A password typed into the username field reaches the log only as a fingerprint.
      started.post("/api/v1/auth/token", null, new JsonObject().put("username", "my.secret.pass").put("password", "x-1"));
      assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("event=login_refused")), logged.list.toString());
      assertTrue(logged.list.stream().noneMatch(e -> e.getFormattedMessage().contains("my.secret.pass")
          || e.getFormattedMessage().contains(password)), logged.list.toString());
      // Issue 31 item 5: keyed with the data folder's own key, so a list of guesses does not reverse it.
      Path key = data.resolve("keys").resolve("log-fingerprint.key");
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
      String unkeyed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest("my.secret.pass".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
      String keyed = new NameFingerprint(Files.readAllBytes(key)).of("my.secret.pass");
      String refused = logged.list.stream().map(e -> e.getFormattedMessage())
          .filter(m -> m.contains("event=login_refused")).reduce((a, b) -> b).orElseThrow();
      assertTrue(refused.contains("user=" + keyed) && !refused.contains(unkeyed), refused);
    } finally {
      users.detachAppender(logged);
      users.setLevel(level);
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
