package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * Issue 31 items 7 and 8: an account hashed at an older cost is hashed again at today's when its owner logs in,
 * and a chosen password is checked against common, trivial and context-specific values (NIST SP 800-63B 5.1.1.2),
 * the rule the pages read at GET /api/v1/specs/password.
 */
@ExtendWith(VertxExtension.class)
class PasswordRulesTest {
  private static final String SCHOOL = "1060010001";
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, PasswordRulesTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    admin = server.adminToken();
    Fixtures.registry(server, admin, "6001,สพป.ทดสอบ,สพป.,แพร่," + SCHOOL + ",โรงเรียนทดสอบ");
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void anOldCostIsRaisedAtTheNextLogin() throws Exception {
    Fixtures.user(server, admin, "old.cost", "school_staff", "schoolCode", SCHOOL);
    String old = PasswordHasher.hash(Fixtures.PASSWORD, 1_000);
    execute("UPDATE app_user SET password_hash = '" + old + "' WHERE username = 'old.cost'");
    String token = server.login("old.cost", Fixtures.PASSWORD);
    long deadline = System.nanoTime() + 10_000_000_000L;
    String stored = old;
    while (stored.equals(old) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stored = hashOf("old.cost");
    }
    assertTrue(stored.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), stored);
    assertTrue(PasswordHasher.matches(Fixtures.PASSWORD, stored));
    assertEquals(200, server.get("/api/v1/schools/" + SCHOOL, token).statusCode(), "the token still works");
    server.login("old.cost", Fixtures.PASSWORD);
    assertEquals(stored, hashOf("old.cost"), "a hash at today's cost is left alone");
  }

  @Test
  void commonTrivialAndContextPasswordsAreRefused() {
    JsonObject user = new JsonObject().put("role", "school_staff").put("schoolCode", SCHOOL);
    int ce = java.time.Year.now(java.time.ZoneId.of("Asia/Bangkok")).getValue();
    Map<String, String> refused = Map.of(
        "Password123", "COMMON_PASSWORD",
        "12345678", "COMMON_PASSWORD",
        "aaaaaaaaaaa", "COMMON_PASSWORD",
        "qwertyuiop", "COMMON_PASSWORD",
        "somchai.k" + (ce + 543), "CONTEXT_PASSWORD",
        "dmc-" + ce + "!!", "CONTEXT_PASSWORD",
        SCHOOL + "xy", "CONTEXT_PASSWORD",
        "obec" + (ce + 543) + (ce + 544), "CONTEXT_PASSWORD");
    refused.forEach((password, code) -> assertProblem(server.post("/api/v1/users", admin,
        user.copy().put("username", "somchai.k").put("password", password)), 422, code));
    assertEquals(201, server.post("/api/v1/users", admin, user.copy().put("username", "somchai.k")
        .put("password", "ช้างสามตัวเดินข้ามสะพาน")).statusCode(), "a Thai phrase is a good password");

    // The user's own change is checked the same way, against the user's own names.
    String token = server.login("somchai.k", "ช้างสามตัวเดินข้ามสะพาน");
    assertProblem(server.post("/api/v1/auth/password", token, new JsonObject()
        .put("currentPassword", "ช้างสามตัวเดินข้ามสะพาน").put("newPassword", "Somchai.K-" + ce)), 422, "CONTEXT_PASSWORD");

    JsonObject rule = server.get("/api/v1/specs/password", null).bodyAsJsonObject();
    assertEquals(8, rule.getInteger("minLength"));
    assertTrue(rule.getString("source").contains("800-63B"), rule.encode());
    assertTrue(rule.getJsonArray("refused").size() >= 3, rule.encode());
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password())) {
      c.createStatement().executeUpdate(sql);
    }
  }

  private static String hashOf(String username) throws Exception {
    try (Connection c = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
         var r = c.createStatement().executeQuery("SELECT password_hash FROM app_user WHERE username = '" + username + "'")) {
      r.next();
      return r.getString(1);
    }
  }
}
