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
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 19 item 11: a security change stamped before a later one but committed after it (a slow commit) is still
 * seen by every node's revocation poll, which looks back over an overlap window.
 */
@ExtendWith(VertxExtension.class)
class RevocationOverlapTest {
  private static TestServer server;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, RevocationOverlapTest.class, Map.of());
    String admin = server.adminToken();
    Fixtures.user(server, admin, "late.admin", "obec_admin", null, null);
    Fixtures.user(server, admin, "other.admin", "obec_admin", null, null);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void aChangeThatCommitsAfterALaterStampedOneIsStillSeen() throws Exception {
    String token = server.login("late.admin", Fixtures.PASSWORD);
    assertEquals(200, server.get("/api/v1/users", token).statusCode());
    try (Connection c = DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password())) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // Stamped now, committed later: as a node's statement that waits on a slow commit.
        s.execute("UPDATE app_user SET disabled = true, security_changed_at = clock_timestamp() WHERE username = 'late.admin'");
      }
      // A later-stamped change commits first, and the poll moves past the first one's stamp.
      Thread.sleep(100);
      assertEquals(200, server.post("/api/v1/users/other.admin/disable", server.adminToken(), new JsonObject()).statusCode());
      Thread.sleep(2 * Revocations.POLL_MILLIS + 500);
      c.commit();
    }
    // Within a poll or two the late change is applied: the disabled account's token stops working.
    int status = 200;
    for (int i = 0; i < 30 && status == 200; i++) {
      Thread.sleep(200);
      status = server.get("/api/v1/users", token).statusCode();
    }
    assertEquals(401, status, "the token of an account disabled by a late commit still works");
  }
}
