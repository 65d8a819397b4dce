package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Jwts;
import th.obec.dmc.support.TestServer;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/** Who may do what: every role against a route of each kind, and tokens the server must refuse. */
@ExtendWith(VertxExtension.class)
class AccessTest {
  private static final String AREA_A = "1001";
  private static final String AREA_B = "1002";
  private static final String SCHOOL_A = "1010720001";
  private static final String SCHOOL_B = "1010720002";

  private static TestServer server;
  private static String admin;
  private static String staffA;
  private static String directorA;
  private static String areaA;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, AccessTest.class, Map.of());
    admin = server.adminToken();
    Fixtures.registry(server, admin,
        AREA_A + ",สพป.เชียงใหม่ เขต 1,สพป.,เชียงใหม่," + SCHOOL_A + ",โรงเรียนบ้านหนึ่ง",
        AREA_B + ",สพม.เชียงใหม่,สพม.,เชียงใหม่," + SCHOOL_B + ",โรงเรียนสอง");
    Fixtures.user(server, admin, "staff.a", "school_staff", "schoolCode", SCHOOL_A);
    Fixtures.user(server, admin, "director.a", "school_director", "schoolCode", SCHOOL_A);
    Fixtures.user(server, admin, "area.a", "area_staff", "areaCode", AREA_A);
    staffA = server.login("staff.a", Fixtures.PASSWORD);
    directorA = server.login("director.a", Fixtures.PASSWORD);
    areaA = server.login("area.a", Fixtures.PASSWORD);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void aTokenCarriesTheRoleAndTheScopeAndLastsTheConfiguredTime() {
    var r = server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "staff.a").put("password", Fixtures.PASSWORD));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("Bearer", body.getString("token_type"));
    assertEquals(3600, body.getInteger("expires_in"));
    assertEquals("no-store", r.getHeader("Cache-Control"));
    JsonObject claims = Jwts.payload(body.getString("access_token"));
    assertEquals("school_staff", claims.getString("role"));
    assertEquals(SCHOOL_A, claims.getString("schoolCode"));
    assertEquals("staff.a", claims.getString("sub"));
    long lifetime = claims.getLong("exp") - claims.getLong("iat");
    assertEquals(3600, lifetime);
    assertEquals("RS256", new JsonObject(new String(java.util.Base64.getUrlDecoder()
        .decode(body.getString("access_token").split("\\.")[0]))).getString("alg"));
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
    var wrong = server.post("/api/v1/auth/token", null, new JsonObject().put("username", "staff.a").put("password", "nope-nope"));
    var unknown = server.post("/api/v1/auth/token", null, new JsonObject().put("username", "nobody").put("password", "nope-nope"));
    assertProblem(wrong, 401, "BAD_CREDENTIALS");
    assertProblem(unknown, 401, "BAD_CREDENTIALS");
    assertProblem(server.postBytesWithHeader("/api/v1/auth/token", null, "not json".getBytes(), "Content-Type",
        "application/json"), 400, "INVALID_JSON");
    assertProblem(server.postBytes("/api/v1/auth/token", null, "not json".getBytes()), 415, "JSON_REQUIRED");
  }

  @Test
  void schoolsManageNoAccountsAndAreasOnlyTheirSchools() {
    for (String token : new String[] {staffA, directorA}) {
      assertProblem(server.get("/api/v1/users", token), 403, "ROLE_NOT_ALLOWED");
      assertProblem(server.post("/api/v1/users", token, new JsonObject()), 403, "ROLE_NOT_ALLOWED");
    }
    for (String token : new String[] {staffA, directorA, areaA}) {
      assertProblem(server.postBytes("/api/v1/registry/schools", token, "x".getBytes()), 403, "ROLE_NOT_ALLOWED");
    }
    assertProblem(server.post("/api/v1/users", areaA, new JsonObject().put("username", "area.b2")
        .put("password", "password-5678").put("role", "area_staff").put("areaCode", AREA_A)), 403, "OUT_OF_SCOPE");
    assertProblem(server.post("/api/v1/users", areaA, new JsonObject().put("username", "staff.b2")
        .put("password", "password-5678").put("role", "school_staff").put("schoolCode", SCHOOL_B)), 403, "OUT_OF_SCOPE");
    var listed = server.get("/api/v1/users", areaA).bodyAsJsonObject().getJsonArray("items");
    assertTrue(listed.stream().map(JsonObject.class::cast).allMatch(u -> SCHOOL_A.equals(u.getString("schoolCode"))),
        listed.encode());
    assertEquals(200, server.get("/api/v1/users", admin).statusCode());
  }

  @Test
  void anAreaRouteServesItsOwnAreaAndObecOnly() {
    String route = "/api/v1/areas/" + AREA_A + "/schools";
    assertProblem(server.get(route, staffA), 403, "ROLE_NOT_ALLOWED");
    assertProblem(server.get(route, directorA), 403, "ROLE_NOT_ALLOWED");
    assertEquals(200, server.get(route, areaA).statusCode());
    assertEquals(200, server.get(route, admin).statusCode());
    assertProblem(server.get("/api/v1/areas/" + AREA_B + "/schools", areaA), 403, "OUT_OF_SCOPE");
    assertEquals(200, server.get("/api/v1/areas/" + AREA_B + "/schools", admin).statusCode());
    assertProblem(server.get("/api/v1/areas/9999/schools", admin), 404, "AREA_NOT_FOUND");
  }

  @Test
  void aSchoolRouteServesItsSchoolItsAreaAndObec() {
    String mine = "/api/v1/schools/" + SCHOOL_A;
    String other = "/api/v1/schools/" + SCHOOL_B;
    for (String token : new String[] {staffA, directorA, areaA, admin}) {
      var r = server.get(mine, token);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(AREA_A, r.bodyAsJsonObject().getString("areaCode"));
    }
    for (String token : new String[] {staffA, directorA, areaA}) {
      assertProblem(server.get(other, token), 403, "OUT_OF_SCOPE");
    }
    assertEquals(200, server.get(other, admin).statusCode());
    assertProblem(server.get("/api/v1/schools/1099999999", areaA), 404, "SCHOOL_NOT_FOUND");
    assertProblem(server.get("/api/v1/schools/1099999999", admin), 404, "SCHOOL_NOT_FOUND");
  }

  @Test
  void theCalendarAndTheTokenRouteNeedNoLogin() {
    assertEquals(200, server.get("/api/v1/calendar", null).statusCode());
    assertProblem(server.get("/api/v1/users", null), 401, "UNAUTHENTICATED");
    assertProblem(server.get("/api/v1/schools/" + SCHOOL_A, null), 401, "UNAUTHENTICATED");
    assertEquals("Bearer", server.get("/api/v1/users", null).getHeader("WWW-Authenticate"));
  }

  @Test
  void tamperedForeignUnsignedAndExpiredTokensAreRefused() throws Exception {
    JsonObject claims = Jwts.payload(staffA);

    JsonObject promoted = claims.copy().put("role", "obec_admin");
    assertProblem(server.get("/api/v1/users", Jwts.withPayload(staffA, promoted)), 401, "INVALID_TOKEN");

    JsonObject otherSchool = claims.copy().put("schoolCode", SCHOOL_B);
    assertProblem(server.get("/api/v1/schools/" + SCHOOL_B, Jwts.withPayload(staffA, otherSchool)), 401, "INVALID_TOKEN");

    assertProblem(server.get("/api/v1/users", Jwts.unsigned(promoted)), 401, "INVALID_TOKEN");

    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String foreign = Jwts.rs256(promoted, generator.generateKeyPair().getPrivate());
    assertProblem(server.get("/api/v1/users", foreign), 401, "INVALID_TOKEN");

    var serverKey = Jwts.privateKey(server.dataDir.resolve("keys/jwt-private.pem"));
    long now = Instant.now().getEpochSecond();
    JsonObject adminClaims = new JsonObject().put("sub", "admin").put("role", "obec_admin").put("iss", "dmc-gateway");
    String expired = Jwts.rs256(adminClaims.copy().put("iat", now - 7200).put("exp", now - 3600), serverKey);
    assertProblem(server.get("/api/v1/users", expired), 401, "INVALID_TOKEN");

    // The same key and claims, still within their lifetime, are accepted: the refusals above are for cause.
    String fresh = Jwts.rs256(adminClaims.copy().put("iat", now).put("exp", now + 600), serverKey);
    assertEquals(200, server.get("/api/v1/users", fresh).statusCode());

    // A verified token is remembered for speed, but never past its own expiry.
    long soon = Instant.now().getEpochSecond() + 2;
    String shortLived = Jwts.rs256(adminClaims.copy().put("iat", now).put("exp", soon), serverKey);
    assertEquals(200, server.get("/api/v1/users", shortLived).statusCode());
    assertEquals(200, server.get("/api/v1/users", shortLived).statusCode());
    while (Instant.now().getEpochSecond() <= soon) Thread.sleep(100);
    assertProblem(server.get("/api/v1/users", shortLived), 401, "INVALID_TOKEN");

    assertProblem(server.get("/api/v1/users", "not-a-jwt"), 401, "INVALID_TOKEN");
  }

  @Test
  void accountsAreCreatedCheckedListedAndDisabled() {
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "staff.a")
        .put("password", Fixtures.PASSWORD).put("role", "school_staff").put("schoolCode", SCHOOL_A)), 409, "USERNAME_TAKEN");
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "short.pw")
        .put("password", "abc").put("role", "school_staff").put("schoolCode", SCHOOL_A)), 422, "WEAK_PASSWORD");
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "ghost")
        .put("password", Fixtures.PASSWORD).put("role", "school_staff").put("schoolCode", "1099999999")), 422, "UNKNOWN_SCHOOL");
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "ghost")
        .put("password", Fixtures.PASSWORD).put("role", "area_staff").put("areaCode", "9999")), 422, "UNKNOWN_AREA");
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "ghost")
        .put("password", Fixtures.PASSWORD).put("role", "teacher")), 422, "UNKNOWN_ROLE");
    assertProblem(server.post("/api/v1/users", admin, new JsonObject().put("username", "ghost")
        .put("password", Fixtures.PASSWORD).put("role", "school_staff")), 400, "MISSING_FIELD");

    Fixtures.user(server, admin, "leaver", "school_staff", "schoolCode", SCHOOL_A);
    var list = server.get("/api/v1/users?schoolCode=" + SCHOOL_A, admin).bodyAsJsonObject().getJsonArray("items");
    assertTrue(list.stream().map(JsonObject.class::cast).anyMatch(u -> u.getString("username").equals("leaver")));
    assertFalse(list.encode().contains("password"), "no hashes in the list");

    var disabled = server.post("/api/v1/users/leaver/disable", admin, null);
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    assertTrue(disabled.bodyAsJsonObject().getBoolean("disabled"));
    // A disabled account answers as a wrong password does: the right one is not confirmed.
    assertProblem(server.post("/api/v1/auth/token", null,
        new JsonObject().put("username", "leaver").put("password", Fixtures.PASSWORD)), 401, "BAD_CREDENTIALS");
    assertProblem(server.post("/api/v1/users/nobody/disable", admin, null), 404, "USER_NOT_FOUND");
    assertProblem(server.post("/api/v1/users/admin/disable", admin, null), 409, "CANNOT_DISABLE_SELF");
  }
}
