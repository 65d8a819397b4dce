package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * Issue 22: the pages' session. A cookie (HttpOnly, SameSite=Strict), a server-side row shared by every node,
 * a CSRF token on every unsafe request, and revocation on logout, password change, reset and disable.
 */
@ExtendWith(VertxExtension.class)
class SessionTest {
  private static final String SCHOOL = "1050010001";
  private static TestServer server;
  private static String admin;
  private static Vertx vertx;

  @BeforeAll
  static void setUp(Vertx v) throws Exception {
    vertx = v;
    server = TestServer.start(v, SessionTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    admin = server.adminToken();
    Fixtures.registry(server, admin, "5001,สพป.ทดสอบ,สพป.,ลำพูน," + SCHOOL + ",โรงเรียนทดสอบ");
    Fixtures.user(server, admin, "staff.session", "school_staff", "schoolCode", SCHOOL);
    Fixtures.user(server, admin, "area.session", "area_staff", "areaCode", "5001");
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  /** A browser of its own: a cookie jar kept between requests, as a tab keeps it. */
  private static final class Browser {
    final WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.port()));
    String cookie;
    String csrf;

    HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
      if (cookie != null) request.putHeader("Cookie", cookie);
      try {
        HttpResponse<Buffer> r = (body == null ? request.send() : request.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
        for (String set : r.cookies()) {
          if (set.startsWith(Sessions.PLAIN_COOKIE + "=")) cookie = set.substring(0, set.indexOf(';'));
        }
        return r;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    JsonObject login(String username) {
      HttpResponse<Buffer> r = send(client.post("/api/v1/auth/session"),
          new JsonObject().put("username", username).put("password", Fixtures.PASSWORD));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      String set = r.cookies().stream().filter(c -> c.startsWith(Sessions.PLAIN_COOKIE + "=")).findFirst().orElseThrow();
      assertTrue(set.toLowerCase().contains("httponly") && set.contains("SameSite=Strict") && set.contains("Path=/"), set);
      assertTrue(!set.contains(r.bodyAsJsonObject().getString("csrfToken")), "the CSRF token is not the cookie");
      csrf = r.bodyAsJsonObject().getString("csrfToken");
      return r.bodyAsJsonObject();
    }

    HttpResponse<Buffer> get(String path) {
      return send(client.get(path), null);
    }

    HttpResponse<Buffer> post(String path, JsonObject body, boolean withCsrf) {
      HttpRequest<Buffer> request = client.post(path);
      if (withCsrf) request.putHeader(Sessions.CSRF_HEADER, csrf);
      return send(request, body);
    }
  }

  @Test
  void aSessionCookieKeepsTheUserAndItsUnsafeRequestsNeedTheCsrfToken() {
    Browser tab = new Browser();
    JsonObject me = tab.login("staff.session");
    assertEquals("school_staff", me.getString("role"));
    assertEquals("โรงเรียนทดสอบ", me.getString("schoolName"), "the page greets the school by name");
    assertNull(me.getString("access_token"), "no token for the page to keep");
    // A reload: the cookie alone says who it is.
    JsonObject again = tab.get("/api/v1/auth/session").bodyAsJsonObject();
    assertEquals("staff.session", again.getString("username"));
    assertEquals(me.getString("csrfToken"), again.getString("csrfToken"));
    assertEquals(200, tab.get("/api/v1/schools/" + SCHOOL + "/existence").statusCode());

    // An unsafe request without the token (a cross-site form, a forged fetch) or with another one is refused.
    JsonObject answer = new JsonObject().put("all", true);
    assertProblem(tab.post("/api/v1/schools/" + SCHOOL + "/existence", answer, false), 403, "CSRF_REFUSED");
    String real = tab.csrf;
    tab.csrf = "forged-" + real;
    assertProblem(tab.post("/api/v1/schools/" + SCHOOL + "/existence", answer, true), 403, "CSRF_REFUSED");
    tab.csrf = real;
    assertEquals(200, tab.post("/api/v1/schools/" + SCHOOL + "/existence", answer, true).statusCode());

    // No cookie at all: asked to log in.
    assertProblem(new Browser().get("/api/v1/auth/session"), 401, "SESSION_EXPIRED");
  }

  /**
   * Issue 31 item 1, login CSRF: another site's form can send text/plain or a urlencoded body, and the browser
   * tells where it came from. Neither opens a session; the pages' own request does.
   */
  @Test
  void aCrossSiteFormCannotLogABrowserIn() throws Exception {
    String credentials = new JsonObject().put("username", "staff.session").put("password", Fixtures.PASSWORD).encode();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.port()));
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
      HttpResponse<Buffer> r = client.post("/api/v1/auth/session").putHeader("Content-Type", type)
          .sendBuffer(Buffer.buffer(credentials)).await(30, TimeUnit.SECONDS);
      assertProblem(r, 415, "JSON_REQUIRED");
      assertTrue(r.cookies().isEmpty(), "no session for a " + type + " body");
    }
    Map<String, String> crossSite = Map.of("Origin", "https://attacker.example", "Sec-Fetch-Site", "cross-site");
    for (var header : crossSite.entrySet()) {
      HttpResponse<Buffer> r = client.post("/api/v1/auth/session").putHeader(header.getKey(), header.getValue())
          .sendJsonObject(new JsonObject(credentials)).await(30, TimeUnit.SECONDS);
      assertProblem(r, 403, "CSRF_REFUSED");
      assertTrue(r.cookies().isEmpty(), header.toString());
    }
    assertProblem(client.post("/api/v1/auth/session").putHeader("Origin", "null")
        .sendJsonObject(new JsonObject(credentials)).await(), 403, "CSRF_REFUSED");
    HttpResponse<Buffer> own = client.post("/api/v1/auth/session")
        .putHeader("Origin", "http://localhost:" + server.port()).putHeader("Sec-Fetch-Site", "same-origin")
        .sendJsonObject(new JsonObject(credentials)).await(30, TimeUnit.SECONDS);
    assertEquals(200, own.statusCode(), own.bodyAsString());
  }

  /** Issue 31 item 6: ended sessions are deleted (at start, then every ten minutes); live ones stay. */
  @Test
  void endedSessionsAreSweptAway(Vertx v) throws Exception {
    String insert = "INSERT INTO web_session (id_hash, username, csrf_token, created_at, last_seen_at, revoked_at)"
        + " VALUES (?, 'staff.session', 'x', now() - ?::interval, now() - ?::interval, CASE WHEN ? THEN now() END)";
    try (var c = java.sql.DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
         var s = c.prepareStatement(insert)) {
      Object[][] rows = {{"sweep-revoked", "1 minute", "1 minute", true}, {"sweep-idle", "2 hours", "2 hours", false},
          {"sweep-old", "2 days", "1 minute", false}, {"sweep-live", "1 minute", "1 minute", false}};
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) s.setObject(i + 1, row[i]);
        s.executeUpdate();
      }
    }
    try (TestServer node = TestServer.start(v, server.db, server.dataDir, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"))) {
      try (var c = java.sql.DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
           var r = c.createStatement().executeQuery("SELECT id_hash FROM web_session WHERE id_hash LIKE 'sweep-%'")) {
        List<String> left = new java.util.ArrayList<>();
        while (r.next()) left.add(r.getString(1));
        assertEquals(List.of("sweep-live"), left);
      }
    }
  }

  @Test
  void logoutInOneTabEndsTheOtherTabsNextRequestAndEverywhereEndsEverySession() {
    Browser first = new Browser();
    first.login("area.session");
    Browser second = new Browser();
    second.cookie = first.cookie;
    second.csrf = first.csrf;
    assertEquals(200, second.get("/api/v1/areas/5001/progress").statusCode());
    assertEquals(204, first.post("/api/v1/auth/logout", null, true).statusCode());
    assertProblem(second.get("/api/v1/areas/5001/progress"), 401, "SESSION_EXPIRED");

    Browser a = new Browser();
    a.login("area.session");
    Browser b = new Browser();
    b.login("area.session");
    assertEquals(204, a.post("/api/v1/auth/logout?everywhere=true", null, true).statusCode());
    assertProblem(b.get("/api/v1/areas/5001/progress"), 401, "SESSION_EXPIRED");
  }

  @Test
  void aPasswordResetOrADisableEndsEverySessionOfTheAccountAtOnce() {
    Fixtures.user(server, admin, "staff.revoked", "school_staff", "schoolCode", SCHOOL);
    Browser tab = new Browser();
    tab.login("staff.revoked");
    assertEquals(200, tab.get("/api/v1/schools/" + SCHOOL + "/existence").statusCode());
    assertEquals(200, server.post("/api/v1/users/staff.revoked/password-reset", admin, new JsonObject()).statusCode());
    assertProblem(tab.get("/api/v1/schools/" + SCHOOL + "/existence"), 401, "SESSION_EXPIRED");

    Fixtures.user(server, admin, "staff.disabled", "school_staff", "schoolCode", SCHOOL);
    Browser other = new Browser();
    other.login("staff.disabled");
    assertEquals(200, server.post("/api/v1/users/staff.disabled/disable", admin, new JsonObject()).statusCode());
    assertProblem(other.get("/api/v1/schools/" + SCHOOL + "/existence"), 401, "SESSION_EXPIRED");
  }

  @Test
  void aPasswordChangeEndsTheOtherSessionsAndRenewsTheOneThatChangedIt() {
    Fixtures.user(server, admin, "staff.changer", "school_staff", "schoolCode", SCHOOL);
    Browser changer = new Browser();
    changer.login("staff.changer");
    Browser elsewhere = new Browser();
    elsewhere.login("staff.changer");
    String oldCookie = changer.cookie;
    var changed = changer.post("/api/v1/auth/password", new JsonObject().put("currentPassword", Fixtures.PASSWORD)
        .put("newPassword", "a-brand-new-password-1"), true);
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertNotNull(changed.bodyAsJsonObject().getString("csrfToken"));
    assertTrue(!changer.cookie.equals(oldCookie), "a fresh session for the page that changed it");
    changer.csrf = changed.bodyAsJsonObject().getString("csrfToken");
    assertEquals(200, changer.get("/api/v1/schools/" + SCHOOL + "/existence").statusCode());
    assertProblem(elsewhere.get("/api/v1/schools/" + SCHOOL + "/existence"), 401, "SESSION_EXPIRED");
  }

  /**
   * Behind an https public address the cookie is Secure too, so it never travels in the clear, and (issue 31
   * item 9) __Host- prefixed: Path=/ and no Domain, so no sibling host can plant it.
   */
  @Test
  void anHttpsPublicAddressMakesTheCookieSecure(Vertx v) throws Exception {
    try (TestServer https = TestServer.start(v, server.db, server.dataDir,
        Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00", "DMC_PUBLIC_URL", "https://dmc.example.go.th"))) {
      var r = https.post("/api/v1/auth/session", null,
          new JsonObject().put("username", "staff.session").put("password", Fixtures.PASSWORD));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      String set = r.cookies().stream().filter(c -> c.startsWith(Sessions.SECURE_COOKIE + "=")).findFirst().orElseThrow();
      assertTrue(set.contains("Secure") && set.contains("Path=/") && !set.toLowerCase().contains("domain="), set);
      String cookie = set.substring(0, set.indexOf(';'));
      assertEquals(200, https.getWithHeader("/api/v1/auth/session", "Cookie", cookie).statusCode());
    }
    String plain = new Browser().send(new Browser().client.post("/api/v1/auth/session"),
        new JsonObject().put("username", "staff.session").put("password", Fixtures.PASSWORD)).cookies().get(0);
    assertTrue(!plain.contains("Secure"), "plain http on the test server: " + plain);
  }

  @Test
  void theIdleTimeoutEndsASession() {
    Browser tab = new Browser();
    tab.login("staff.session");
    // Thirty-one minutes without a request, as the database sees it.
    TestDatabase.sql(server.db, "UPDATE web_session SET last_seen_at = now() - interval '31 minutes' WHERE username = 'staff.session'");
    assertProblem(tab.get("/api/v1/schools/" + SCHOOL + "/existence"), 401, "SESSION_EXPIRED");
    Browser day = new Browser();
    day.login("staff.session");
    TestDatabase.sql(server.db, "UPDATE web_session SET created_at = now() - interval '11 hours' WHERE username = 'staff.session'");
    assertProblem(day.get("/api/v1/schools/" + SCHOOL + "/existence"), 401, "SESSION_EXPIRED");
  }
}
