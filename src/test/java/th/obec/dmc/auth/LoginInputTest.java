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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * What a login and a password change accept (issue 19, items 4 and 5): a malformed username is refused before
 * any hashing yet counted against its address; the current password of a password change is throttled like a
 * login. Each test has its own address (127.0.0.x), so their counters stay apart.
 */
@ExtendWith(VertxExtension.class)
class LoginInputTest {
  private static TestServer server;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, LoginInputTest.class, Map.of());
    Fixtures.user(server, server.adminToken(), "holder", "obec_admin", null, null);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void aMalformedUsernameIsABadLoginCountedAgainstItsAddressNeverA500() {
    String huge = "a".repeat(60_000);
    for (String name : new String[] {huge, "x\nevent=admin_created username=admin", "ab"}) {
      long start = System.nanoTime();
      var r = server.postFrom("127.0.0.5", "/api/v1/auth/token",
          new JsonObject().put("username", name).put("password", "whatever-1"));
      assertProblem(r, 401, "BAD_CREDENTIALS");
      assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }
    // Two more malformed names make five failures from this address; fifteen wrong passwords make twenty, the
    // address's limit: were the malformed ones not counted, the right password below would pass.
    for (String name : new String[] {"?", "A B C"}) {
      server.postFrom("127.0.0.5", "/api/v1/auth/token", new JsonObject().put("username", name).put("password", "x-1"));
    }
    for (int i = 0; i < LoginThrottle.ADDRESS_THRESHOLD - 5; i++) {
      int status = server.postFrom("127.0.0.5", "/api/v1/auth/token",
          new JsonObject().put("username", "nobody" + i).put("password", "whatever-1")).statusCode();
      assertTrue(status == 401 || i == LoginThrottle.ADDRESS_THRESHOLD - 6 && status == 429, "attempt " + i + ": " + status);
    }
    assertProblem(server.postFrom("127.0.0.5", "/api/v1/auth/token",
        new JsonObject().put("username", "holder").put("password", Fixtures.PASSWORD)), 429, "TOO_MANY_ATTEMPTS");
  }

  @Test
  void thePasswordRuleIsTheServersOwnForThePagesToShow() {
    var rule = server.get("/api/v1/specs/password", server.adminToken()).bodyAsJsonObject();
    assertEquals(8, rule.getInteger("minLength"));
    assertProblem(server.post("/api/v1/users", server.adminToken(), new JsonObject().put("username", "short.one")
        .put("password", "x".repeat(rule.getInteger("minLength") - 1)).put("role", "obec_admin")), 422, "WEAK_PASSWORD");
  }

  @Test
  void aPasswordChangeIsThrottledLikeALogin() {
    String token = server.loginFrom("127.0.0.6", "holder", Fixtures.PASSWORD);
    for (int i = 0; i < LoginThrottle.PAIR_THRESHOLD; i++) {
      server.postFrom("127.0.0.6", "/api/v1/auth/password", token,
          new JsonObject().put("currentPassword", "guess-" + i).put("newPassword", "a-new-password-1"));
    }
    // Locked now: even the right current password waits, so a stolen token cannot guess the password.
    var right = server.postFrom("127.0.0.6", "/api/v1/auth/password", token,
        new JsonObject().put("currentPassword", Fixtures.PASSWORD).put("newPassword", "a-new-password-1"));
    assertProblem(right, 429, "TOO_MANY_ATTEMPTS");
    assertEquals(200, server.postFrom("127.0.0.7", "/api/v1/auth/token",
        new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD)).statusCode(),
        "another account from another address is not held up");
  }
}
