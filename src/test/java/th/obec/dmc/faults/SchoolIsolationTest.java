package th.obec.dmc.faults;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 29: on 10 November one school's uploads and workbooks never stall or refuse another school. A roll is read,
 * checked and staged with no lock an answer needs, and applied in one short transaction at the end; every sheet job
 * counts against its account.
 */
@ExtendWith(VertxExtension.class)
class SchoolIsolationTest {
  private static final String A = "1070000000";
  private static final String B = "1070000001";
  private static final String HEADER = "citizen_id,student_number,prefix,first_name,last_name,sex,birth_date,grade,room";
  private static final int ROLL = 120_000;

  private static DatabaseUrl db;
  private static TestServer server;
  private static String staffA;
  private static String staffB;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    db = TestDatabase.fresh(SchoolIsolationTest.class);
    // 10 November, 10:00: the count day, while roll updates are still open (until 16:30).
    server = TestServer.start(vertx, db, ClassResources.folder(SchoolIsolationTest.class, "dmc-data"),
        Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00"));
    String admin = server.adminToken();
    Fixtures.schoolsWithRooms(server, admin, db, "10700", 2, 2, 10);
    Fixtures.user(server, admin, "staff.a", "school_staff", "schoolCode", A);
    Fixtures.user(server, admin, "staff.b", "school_staff", "schoolCode", B);
    staffA = server.login("staff.a", Fixtures.PASSWORD);
    staffB = server.login("staff.b", Fixtures.PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /**
   * School A sends a 120,000-row roll twice: once committed, once rejected by its last row. Meanwhile school B
   * answers 10 times, each 200 within 1 s, and school A's own answers are 200 too (they waited for A's whole upload
   * before: its transaction held A's counts lock from the first row). Fails with the upload's rows written into one
   * long transaction again (A's answers then wait for the upload, and a batch holding one waits with them).
   */
  @Test
  void aSchoolsLongUploadsStallNoAnswers() throws Exception {
    byte[] good = roll(false);
    byte[] badLastRow = roll(true);

    Timed committed = whileUploading(good);
    assertEquals(201, committed.upload.statusCode(), committed.upload.bodyAsString());
    assertEquals("committed", committed.upload.bodyAsJsonObject().getString("status"));
    assertEquals(ROLL + 20L, TestDatabase.count(db, "SELECT count(*) FROM student WHERE school_code = '" + A + "'"));
    committed.assertQuick();

    Timed rejected = whileUploading(badLastRow);
    assertEquals(201, rejected.upload.statusCode(), rejected.upload.bodyAsString());
    assertEquals("rejected", rejected.upload.bodyAsJsonObject().getString("status"));
    rejected.assertQuick();

    assertEquals(TestDatabase.count(db, "SELECT count(*) FROM student WHERE status = 'active'"),
        TestDatabase.count(db, "SELECT sum(active) FROM roll_count"), "the kept roll counts follow the roll");
    assertEquals(TestDatabase.count(db, "SELECT count(*) FROM existence_answer"),
        TestDatabase.count(db, "SELECT sum(present + not_present) FROM answer_count"), "the kept answer counts follow");
  }

  /**
   * 40 existence workbooks at once from school A's one account hold only that account's few places: the excess is
   * 429 TOO_MANY_JOBS, and school B's upload, sent while they run, is not refused. Fails when the workbook's job
   * is admitted to the shared queue without its account (B then gets 503 SHEETS_BUSY).
   */
  @Test
  void oneAccountsFortyWorkbooksRefuseNoOtherSchool(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(server.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(41));
    List<Future<HttpResponse<Buffer>>> workbooks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      workbooks.add(client.get("/api/v1/schools/" + A + "/existence.xlsx").bearerTokenAuthentication(staffA).send());
    }
    String small = HEADER + "\n" + row(B, 1, "ป.1") + "\n";
    var upload = client.post("/api/v1/schools/" + B + "/uploads?kind=students&dryRun=true")
        .bearerTokenAuthentication(staffB).sendBuffer(Buffer.buffer(small)).await(60, TimeUnit.SECONDS);
    assertEquals(200, upload.statusCode(), upload.bodyAsString());
    assertEquals("validated", upload.bodyAsJsonObject().getString("status"), upload.bodyAsString());
    Future.join(workbooks).await(60, TimeUnit.SECONDS);
    int ok = 0;
    int tooMany = 0;
    for (var f : workbooks) {
      var r = f.result();
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(429, r.statusCode(), r.bodyAsString());
        assertEquals("TOO_MANY_JOBS", r.bodyAsJsonObject().getString("code"));
        assertTrue(r.getHeader("Retry-After") != null);
        tooMany++;
      }
    }
    assertTrue(ok >= 1 && tooMany >= 1, ok + " written, " + tooMany + " refused");
  }

  /** What one upload answered, and how long each answer sent while it ran took. */
  private record Timed(HttpResponse<Buffer> upload, List<Long> millisB, List<Long> millisA) {
    void assertQuick() {
      long slowestB = millisB.stream().mapToLong(Long::longValue).max().orElseThrow();
      long slowestA = millisA.stream().mapToLong(Long::longValue).max().orElseThrow();
      System.out.println("answers during the upload: school B slowest " + slowestB + " ms " + millisB
          + "; school A slowest " + slowestA + " ms " + millisA);
      assertTrue(millisB.size() >= 10 && millisA.size() >= 2, "answers sent while the upload ran: " + millisA.size());
      assertTrue(slowestB < 1_000, "school B waited " + millisB + " ms");
      // A's own answers may meet the apply's short transaction (then they are tried again until it ends), never
      // the reading of the whole file.
      assertTrue(slowestA < 2_500, "school A waited " + millisA + " ms for its own answers");
    }
  }

  /** The roll sent while B and A answer, from 0.3 s after it starts until it ends (B at least ten times). */
  private static Timed whileUploading(byte[] file) throws Exception {
    CompletableFuture<HttpResponse<Buffer>> upload = CompletableFuture.supplyAsync(
        () -> server.postBytes("/api/v1/schools/" + A + "/uploads?kind=students", staffA, file));
    List<Long> millisB = new ArrayList<>();
    List<Long> millisA = new ArrayList<>();
    Thread.sleep(300);
    for (int i = 0; !upload.isDone() || millisB.size() < 10; i++) {
      millisB.add(answered(B, staffB, i));
      if (!upload.isDone()) millisA.add(answered(A, staffA, i));
      Thread.sleep(100);
    }
    return new Timed(upload.get(180, TimeUnit.SECONDS), millisB, millisA);
  }

  /** One answer of the school's room ป.1/1 (every student present, or the first one not present): its time. */
  private static long answered(String school, String token, int i) {
    JsonObject body = i % 2 == 0 ? new JsonObject().put("grade", "ป.1").put("room", "1")
        : new JsonObject().put("answers", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("studentId", String.format("G%012d", Integer.parseInt(school.substring(5)) * 1000 + 101))
            .put("present", i % 4 == 1).put("reason", i % 4 == 1 ? null : "long_absence")));
    long start = System.nanoTime();
    var r = server.post("/api/v1/schools/" + school + "/existence", token, body);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return millis;
  }

  private static byte[] roll(boolean badLastRow) {
    StringBuilder csv = new StringBuilder(ROLL * 72).append(HEADER).append('\n');
    for (int n = 1; n <= ROLL; n++) {
      if (badLastRow && n == ROLL) csv.append("1234567890123,S0,เด็กชาย,สมชาย,ใจดี,ช,01/01/2560,ป.1,1\n");
      else csv.append(row(A, n, "ป." + (1 + n % 6))).append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A valid student n of the school's roll in grade ป.g, born for that grade. */
  private static String row(String school, int n, String grade) {
    int age = 6 + (grade.charAt(2) - '1');
    return Ids.citizen(Long.parseLong(school.substring(5)) * 1_000_000L + n) + ",S" + n + ",เด็กชาย,สมชาย,ใจดี,ช,01/01/"
        + (2566 - age) + "," + grade + "," + (1 + n % 10);
  }
}
