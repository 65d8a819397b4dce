package th.obec.dmc.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.CuttableProxy;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults around the server: the database connection cut mid-commit, stalled downloads, and overload. */
@ExtendWith(VertxExtension.class)
class FaultsTest {
  private static final String SCHOOL = "1090010001";
  private static final String REGISTRY = "9101,สพป.ตาก,สพป.,ตาก," + SCHOOL + ",โรงเรียนตาก";

  @Test
  void aCutToPostgresMidCommitStoresNothingAndTheSameUploadSucceedsOnceItIsBack(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(FaultsTest.class);
    try (CuttableProxy proxy = new CuttableProxy(db.host(), db.port());
         TestServer server = TestServer.start(vertx, new DatabaseUrl("127.0.0.1", proxy.port(), db.database(), db.user(),
             db.password()), th.obec.dmc.support.ClassResources.folder(FaultsTest.class, "dmc-cut"), Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00"))) {
      String admin = server.adminToken();
      Fixtures.registry(server, admin, REGISTRY);
      Fixtures.user(server, admin, "staff.cut", "school_staff", "schoolCode", SCHOOL);
      String staff = server.login("staff.cut", Fixtures.PASSWORD);
      byte[] file = roll(30_000);

      // Cut as the commit's rows stream towards PostgreSQL.
      long before = proxy.upstreamBytes();
      CompletableFuture<Void> cutter = CompletableFuture.runAsync(() -> {
        while (proxy.upstreamBytes() - before < 1_000_000) Thread.onSpinWait();
        proxy.cut();
      });
      var failed = server.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=students", staff, file);
      cutter.get(60, TimeUnit.SECONDS);
      assertEquals(503, failed.statusCode(), failed.bodyAsString());
      assertEquals("DATABASE_UNAVAILABLE", failed.bodyAsJsonObject().getString("code"));
      assertEquals("1", failed.getHeader("Retry-After"), "a short wait while the database is away");
      assertEquals(503, server.get("/ready", null).statusCode(), "not ready while the database is away");
      assertEquals(0, count(db, "SELECT count(*) FROM student"), "nothing of the upload is stored");

      proxy.restore();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.get("/ready", null).statusCode() != 200 && System.nanoTime() < deadline) Thread.sleep(200);
      var again = server.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=students", staff, file);
      assertEquals(201, again.statusCode(), again.bodyAsString());
      assertEquals("committed", again.bodyAsJsonObject().getString("status"));
      assertEquals(30_000, count(db, "SELECT count(*) FROM student"));
    }
  }

  @Test
  void aDownloadWhoseClientStopsReadingIsEndedAndReleasesItsTransaction(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, FaultsTest.class, Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00",
        "DMC_DOWNLOAD_STALL_TIMEOUT", "2"))) {
      String admin = server.adminToken();
      Fixtures.registry(server, admin, REGISTRY);
      TestDatabase.sql(server.db, "INSERT INTO round_closure VALUES (2566, 2, 'admin', '2023-11-11T03:00:00Z', 400000)");
      TestDatabase.sql(server.db, "INSERT INTO round_snapshot SELECT 2566, 2, '" + SCHOOL + "',"
          + " 'G' || lpad(n::text, 12, '0'), 'เด็กหญิง', md5(n::text), md5((n * 7)::text), 'F', date '2015-01-01', 'ป.2',"
          + " '1', true, NULL FROM generate_series(1, 400000) n");

      // Stops reading after the first bytes: the stall timeout ends the download.
      try (Socket socket = download(server.port(), admin)) {
        socket.getInputStream().readNBytes(1024);
        assertTrue(waitForNoOpenTransaction(server.db, 20), "the stalled download's transaction was released");
      }
      // Goes away: the close ends it at once.
      Socket gone = download(server.port(), admin);
      gone.getInputStream().readNBytes(1024);
      gone.close();
      assertTrue(waitForNoOpenTransaction(server.db, 5), "the closed download's transaction was released");
      assertEquals(200, server.get("/api/v1/calendar", null).statusCode());
    }
  }

  @Test
  void threeHundredRequestsAtOnceAreEachAnsweredOrToldToRetry(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, FaultsTest.class, Map.of("DMC_MAX_INFLIGHT", "40",
        "DMC_DB_POOL_SIZE", "4", "DMC_DB_WAIT_QUEUE", "16"))) {
      String admin = server.adminToken();
      Fixtures.registry(server, admin, REGISTRY);
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(server.port()).setIdleTimeout(30), new PoolOptions().setHttp1MaxSize(300));
      long started = System.nanoTime();
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        answers.add(client.get("/api/v1/schools/" + SCHOOL).bearerTokenAuthentication(admin).timeout(30_000).send());
      }
      Future.join(answers).await(60, TimeUnit.SECONDS);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      int ok = 0;
      int busy = 0;
      for (var f : answers) {
        assertTrue(f.succeeded(), () -> "every request is answered: " + f.cause());
        HttpResponse<Buffer> r = f.result();
        if (r.statusCode() == 200) {
          ok++;
        } else {
          assertEquals(503, r.statusCode(), r.bodyAsString());
          assertNotNull(r.getHeader("Retry-After"));
          busy++;
        }
      }
      assertEquals(300, ok + busy);
      assertTrue(ok > 0, "some are served");
      assertTrue(seconds < 30, "answered within " + seconds + " s");
      client.close();
    }
  }

  private static Socket download(int port, String token) throws Exception {
    Socket socket = new Socket("localhost", port);
    socket.setReceiveBufferSize(4096);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /api/v1/exchange/2566/2.zip HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Whether, within the time, no session of this database is inside a transaction any more. */
  private static boolean waitForNoOpenTransaction(DatabaseUrl db, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (count(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL") == 0) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static long count(DatabaseUrl db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] roll(int n) {
    Object[][] rows = new Object[n + 1][];
    rows[0] = new Object[] {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"};
    for (int i = 1; i <= n; i++) {
      rows[i] = new Object[] {Ids.citizen(200_000 + i), "N" + i, "เด็กหญิง", "ชื่อ" + i, "สกุล", "ญ", "01/01/2560", "ป.1", "1"};
    }
    return Workbooks.xlsx(rows);
  }
}
