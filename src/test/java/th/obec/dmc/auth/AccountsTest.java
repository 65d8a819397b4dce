package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * Accounts for 29,000 schools: first logins change their password, area offices manage their own
 * schools' accounts (one by one or from a workbook), and a disabled account or an old password's
 * token stops working at once, on this node and on another.
 */
@ExtendWith(VertxExtension.class)
class AccountsTest {
  private static final String AREA_A = "2001";
  private static final String AREA_B = "2002";
  private static final String SCHOOL_A = "1020720001";
  private static final String SCHOOL_A2 = "1020720003";
  private static final String SCHOOL_B = "1020720002";

  private static TestServer server;
  private static String admin;
  private static String areaA;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, AccountsTest.class, Map.of());
    admin = server.adminToken();
    Fixtures.registry(server, admin,
        AREA_A + ",สพป.ลำปาง เขต 1,สพป.,ลำปาง," + SCHOOL_A + ",โรงเรียนบ้านหนึ่ง",
        AREA_A + ",สพป.ลำปาง เขต 1,สพป.,ลำปาง," + SCHOOL_A2 + ",โรงเรียนบ้านสาม",
        AREA_B + ",สพม.ลำปาง,สพม.,ลำปาง," + SCHOOL_B + ",โรงเรียนสอง");
    Fixtures.user(server, admin, "area.acc", "area_staff", "areaCode", AREA_A);
    areaA = server.login("area.acc", Fixtures.PASSWORD);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void anInitialPasswordMustBeChangedBeforeAnythingElse() {
    var created = server.post("/api/v1/users", areaA, new JsonObject().put("username", "first.login")
        .put("password", "given-by-area-1").put("role", "school_staff").put("schoolCode", SCHOOL_A));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject login = server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "first.login").put("password", "given-by-area-1")).bodyAsJsonObject();
    assertTrue(login.getBoolean("mustChangePassword"));
    String first = login.getString("access_token");
    assertProblem(server.get("/api/v1/schools/" + SCHOOL_A, first), 403, "PASSWORD_CHANGE_REQUIRED");
    assertProblem(server.post("/api/v1/auth/password", first, new JsonObject().put("currentPassword", "given-by-area-1")
        .put("newPassword", "short")), 422, "WEAK_PASSWORD");
    var changed = server.post("/api/v1/auth/password", first, new JsonObject()
        .put("currentPassword", "given-by-area-1").put("newPassword", "chosen-by-me-1"));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    String fresh = changed.bodyAsJsonObject().getString("access_token");
    assertEquals(200, server.get("/api/v1/schools/" + SCHOOL_A, fresh).statusCode());
    assertProblem(server.get("/api/v1/schools/" + SCHOOL_A, first), 401, "TOKEN_REVOKED");
    assertProblem(server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "first.login").put("password", "given-by-area-1")), 401, "BAD_CREDENTIALS");
    assertEquals(200, server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "first.login").put("password", "chosen-by-me-1")).statusCode());
  }

  @Test
  void anAreaOfficeDisablesAndResetsItsOwnSchoolsAccountsOnly(Vertx vertx) throws Exception {
    Fixtures.user(server, admin, "staff.keep", "school_staff", "schoolCode", SCHOOL_A);
    Fixtures.user(server, admin, "staff.leave", "school_staff", "schoolCode", SCHOOL_A);
    Fixtures.user(server, admin, "staff.other", "school_staff", "schoolCode", SCHOOL_B);
    String leaving = server.login("staff.leave", Fixtures.PASSWORD);
    String keeping = server.login("staff.keep", Fixtures.PASSWORD);

    // A second node on the same database: it learns of the change within a second, not at expiry.
    try (TestServer other = TestServer.start(vertx, server.db, server.dataDir, Map.of())) {
      assertEquals(200, other.get("/api/v1/schools/" + SCHOOL_A, leaving).statusCode());
      // Issue 31 item 2: another area's account and OBEC's answer exactly as a name nobody has.
      JsonObject nobody = assertProblem(server.post("/api/v1/users/no.such.user/disable", areaA, null), 404,
          "USER_NOT_FOUND");
      for (String hidden : List.of("staff.other", "admin")) {
        JsonObject answer = assertProblem(server.post("/api/v1/users/" + hidden + "/disable", areaA, null), 404,
            "USER_NOT_FOUND");
        assertEquals(nobody.getString("detail").replace("no.such.user", hidden), answer.getString("detail"));
        assertEquals(nobody.fieldNames(), answer.fieldNames());
      }
      assertEquals(200, server.post("/api/v1/users/staff.leave/disable", areaA, null).statusCode());
      assertProblem(server.get("/api/v1/schools/" + SCHOOL_A, leaving), 401, "TOKEN_REVOKED");
      long deadline = System.nanoTime() + 5_000_000_000L;
      int status = 200;
      while (status == 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status = other.get("/api/v1/schools/" + SCHOOL_A, leaving).statusCode();
      }
      assertEquals(401, status, "the other node refuses the disabled account's token");

      var reset = server.post("/api/v1/users/staff.keep/password-reset", areaA, null);
      assertEquals(200, reset.statusCode(), reset.bodyAsString());
      assertEquals("no-store", reset.getHeader("Cache-Control"));
      String initial = reset.bodyAsJsonObject().getString("initialPassword");
      assertProblem(server.get("/api/v1/schools/" + SCHOOL_A, keeping), 401, "TOKEN_REVOKED");
      JsonObject login = server.post("/api/v1/auth/token", null,
          new JsonObject().put("username", "staff.keep").put("password", initial)).bodyAsJsonObject();
      assertTrue(login.getBoolean("mustChangePassword"), login.encode());
      assertProblem(server.post("/api/v1/users/staff.other/password-reset", areaA, null), 404, "USER_NOT_FOUND");
    }
    JsonObject audit = server.get("/api/v1/audit?schoolCode=" + SCHOOL_A, areaA).bodyAsJsonObject();
    assertTrue(audit.encode().contains("user.disabled") && audit.encode().contains("user.password_reset"),
        audit.encode());
  }

  @Test
  void anAreaOfficeCreatesItsSchoolsAccountsFromAWorkbookAndGetsEachPasswordOnce() throws Exception {
    String csv = "username,role,school_code,area_code\n"
        + "bulk.staff1,เจ้าหน้าที่โรงเรียน," + SCHOOL_A + ",\n"
        + "bulk.dir1,ผอ.," + SCHOOL_A + ",\n"
        + "bulk.staff3,school_staff," + SCHOOL_A2 + ",\n";
    var r = server.postBytes("/api/v1/users/bulk", areaA, csv.getBytes(StandardCharsets.UTF_8));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("no-store", r.getHeader("Cache-Control"));
    Map<String, String> passwords = new HashMap<>();
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      var sheet = wb.getSheetAt(0);
      for (int i = 2; i <= sheet.getLastRowNum(); i++) {
        var row = sheet.getRow(i);
        passwords.put(row.getCell(0).getStringCellValue(), row.getCell(4).getStringCellValue());
      }
    }
    assertEquals(3, passwords.size(), passwords.toString());
    for (var entry : passwords.entrySet()) {
      JsonObject login = server.post("/api/v1/auth/token", null,
          new JsonObject().put("username", entry.getKey()).put("password", entry.getValue())).bodyAsJsonObject();
      assertTrue(login.getBoolean("mustChangePassword"), login.encode());
    }
    assertEquals("school_director", server.get("/api/v1/users?schoolCode=" + SCHOOL_A, areaA).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("username").equals("bulk.dir1")).findFirst().orElseThrow().getString("role"));

    // Sent again, nothing is created twice; a bad row or another area's school creates nothing at all.
    JsonObject again = assertProblem(server.postBytes("/api/v1/users/bulk", areaA, csv.getBytes(StandardCharsets.UTF_8)),
        409, "USERNAME_TAKEN");
    assertTrue(again.getJsonArray("usernames").contains("bulk.dir1"), "the area's own accounts are named");
    // Issue 31 item 2: one account at a time, a name taken in the area is "taken", one taken elsewhere "unavailable".
    JsonObject single = new JsonObject().put("password", "a-long-password-1").put("role", "school_staff")
        .put("schoolCode", SCHOOL_A);
    assertProblem(server.post("/api/v1/users", areaA, single.copy().put("username", "bulk.dir1")), 409, "USERNAME_TAKEN");
    JsonObject unavailable = assertProblem(server.post("/api/v1/users", areaA, single.copy().put("username", "admin")),
        409, "USERNAME_UNAVAILABLE");
    assertFalse(unavailable.encode().contains("taken") || unavailable.encode().contains("area"), unavailable.encode());
    // Issue 19 item 16: a taken name outside the caller's area is only counted, never named.
    String probe = "username,role,school_code,area_code\nadmin,school_staff," + SCHOOL_A + ",\n";
    JsonObject probed = assertProblem(server.postBytes("/api/v1/users/bulk", areaA, probe.getBytes(StandardCharsets.UTF_8)),
        409, "USERNAME_TAKEN");
    assertEquals(0, probed.getJsonArray("usernames").size(), probed.encode());
    assertEquals(1, probed.getInteger("takenElsewhere"));
    assertFalse(probed.encode().contains("admin"), probed.encode());
    String bad = "username,role,school_code,area_code\nbulk.ok,school_staff," + SCHOOL_A + ",\nbulk.bad,school_staff,,\n";
    JsonObject refused = assertProblem(server.postBytes("/api/v1/users/bulk", areaA, bad.getBytes(StandardCharsets.UTF_8)),
        422, "INVALID_ROWS");
    assertEquals(3, refused.getJsonArray("errors").getJsonObject(0).getInteger("row"));
    String foreign = "username,role,school_code,area_code\nbulk.foreign,school_staff," + SCHOOL_B + ",\n";
    assertProblem(server.postBytes("/api/v1/users/bulk", areaA, foreign.getBytes(StandardCharsets.UTF_8)), 403,
        "OUT_OF_SCOPE");
    assertProblem(server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "bulk.ok").put("password", "anything-1")), 401, "BAD_CREDENTIALS");
  }

  @Test
  void theSigningKeyIsReadableByItsOwnerOnly() throws Exception {
    var dir = server.dataDir.resolve("keys");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-private.pem"))));
  }
}
