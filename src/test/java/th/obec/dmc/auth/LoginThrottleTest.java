package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * Guessing passwords gets slower: per (account, address), then per address; the refusal is a 429 with Retry-After
 * and is audited. A wave of logins beyond the hashing queue is answered 503 at once, never queued.
 * The address lock comes last: after it, this client cannot log in.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottleTest {
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, LoginThrottleTest.class, Map.of("DMC_HASH_QUEUE", "2"));
    admin = server.adminToken();
    Fixtures.registry(server, admin, "3001,สพป.น่าน,สพป.,น่าน,1030720001,โรงเรียนน่าน");
    Fixtures.user(server, admin, "guessed", "school_staff", "schoolCode", "1030720001");
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  private static HttpResponse<Buffer> login(String user, String password) {
    return server.post("/api/v1/auth/token", null, new JsonObject().put("username", user).put("password", password));
  }

  @Test
  @Order(1)
  void aWaveOfLoginsBeyondTheHashingQueueIsAnswered503AtOnce(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(40));
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.add(client.post("/api/v1/auth/token").sendJsonObject(new JsonObject().put("username", "admin")
          .put("password", TestServer.ADMIN_PASSWORD)));
    }
    Future.join(answers).await(60, TimeUnit.SECONDS);
    int busy = 0;
    for (var f : answers) {
      HttpResponse<Buffer> r = f.result();
      assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.bodyAsString());
      if (r.statusCode() == 503) {
        busy++;
        assertEquals("LOGIN_BUSY", r.bodyAsJsonObject().getString("code"));
        assertNotNull(r.getHeader("Retry-After"));
      }
    }
    assertTrue(busy > 0, "30 logins at once on a queue of 2 shed some");
    client.close();
  }

  /**
   * Issue 19 item 2: failures lock the (account, address) pair, never the account. The guesser waits; the
   * school's own officer, at another address, logs in at once.
   */
  @Test
  @Order(2)
  void failedLoginsLockTheAccountForThatAddressOnly() {
    for (int i = 0; i < LoginThrottle.PAIR_THRESHOLD - 1; i++) {
      assertProblem(login("guessed", "wrong-guess-" + i), 401, "BAD_CREDENTIALS");
    }
    var locked = login("guessed", "wrong-guess-last");
    assertProblem(locked, 429, "TOO_MANY_ATTEMPTS");
    int retryAfter = Integer.parseInt(locked.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 31, "Retry-After " + retryAfter);
    // From the guessing address even the right password waits until the lock ends...
    assertProblem(login("guessed", Fixtures.PASSWORD), 429, "TOO_MANY_ATTEMPTS");
    // ...while from another address, with no failures against this account, it is let in at once.
    assertEquals(200, server.postFrom("127.0.0.2", "/api/v1/auth/token",
        new JsonObject().put("username", "guessed").put("password", Fixtures.PASSWORD)).statusCode());
    String events = server.get("/api/v1/audit", admin).bodyAsString();
    assertTrue(events.contains("auth.login_throttled") && events.contains("guessed"), events);
  }

  /**
   * A spray against one account from many addresses, each under its own threshold: at the hourly ceiling an
   * alert metric and an audit event, and still no lock on the account.
   */
  @Test
  @Order(3)
  void manyAddressesTogetherReachTheAccountsCeilingWhichAlertsButNeverLocks() {
    Fixtures.user(server, admin, "sprayed", "school_staff", "schoolCode", "1030720001");
    int perAddress = LoginThrottle.PAIR_THRESHOLD - 1;
    int addresses = (LoginThrottle.ACCOUNT_CEILING + perAddress - 1) / perAddress;
    for (int a = 0; a < addresses; a++) {
      String from = "127.0.1." + (a + 1);
      for (int i = 0; i < perAddress; i++) {
        assertProblem(server.postFrom(from, "/api/v1/auth/token",
            new JsonObject().put("username", "sprayed").put("password", "spray-" + i)), 401, "BAD_CREDENTIALS");
      }
    }
    String metrics = server.get("/metrics", null).bodyAsString();
    assertTrue(metrics.matches("(?s).*\\ndmc_login_account_ceiling_total\\{[^}]*} 1\\.0\\n.*"),
        "one ceiling reached: " + metrics.lines().filter(l -> l.contains("ceiling")).toList());
    String events = server.get("/api/v1/audit", admin).bodyAsString();
    assertTrue(events.contains("auth.login_ceiling") && events.contains("sprayed"), events);
    assertEquals(200, server.postFrom("127.0.2.1", "/api/v1/auth/token",
        new JsonObject().put("username", "sprayed").put("password", Fixtures.PASSWORD)).statusCode());
  }

  @Test
  @Order(4)
  void failedLoginsFromOneAddressAreRefusedForEveryAccount() {
    int refused = 0;
    for (int i = 0; i < LoginThrottle.ADDRESS_THRESHOLD; i++) {
      var r = login("nobody" + i, "wrong-guess");
      if (r.statusCode() == 429) refused++;
    }
    assertTrue(refused >= 1, "the address is locked after " + LoginThrottle.ADDRESS_THRESHOLD + " failures");
    assertProblem(login("admin", TestServer.ADMIN_PASSWORD), 429, "TOO_MANY_ATTEMPTS");
  }
}
