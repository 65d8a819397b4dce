package th.obec.dmc.faults;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.Workbooks;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on its own embedded PostgreSQL, killed with SIGKILL in the middle of committing a 30,000-row
 * upload, at several moments: the JVM alone (its PostgreSQL left an orphan) and the whole process group.
 * Each time it starts again on the same folder, the school holds none of the rows or all of them, and
 * the interrupted upload says failed. Another file then uploads whole.
 */
class CrashTest {
  private static final String SCHOOL = "1070010001";
  private static final int ROWS = 30_000;
  private static final Map<String, String> ENV = Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00",
      "DMC_HTTP_INSTANCES", "1");

  @Test
  void aKillDuringACommitLeavesNoneOrAllOfTheRowsAndTheServerStartsAgain() throws Exception {
    Path data = th.obec.dmc.support.ClassResources.folder(CrashTest.class, "dmc-crash");
    String admin;
    try (ForkedServer first = ForkedServer.start(null, data, "256m", ENV)) {
      assertDurable(first);
      // A fresh installation: the first admin changes the first password before anything else.
      admin = first.firstLogin("admin", ForkedServer.ADMIN_PASSWORD, ForkedServer.ADMIN_PASSWORD + "-changed");
      String registry = "area_code,area_name,area_kind,province,school_code,school_name\n7001,สพป.แพร่,สพป.,แพร่,"
          + SCHOOL + ",โรงเรียนแพร่\n";
      assertEquals(200, first.post("/api/v1/registry/schools", admin, "text/csv",
          registry.getBytes(StandardCharsets.UTF_8)).statusCode());
      first.createUser(admin, "staff.crash", "school_staff", "schoolCode", SCHOOL);
    }

    // Rows are staged while the file is read and applied in one transaction at the end: each kill lands a moment
    // after the apply began (30,000 rows take about a second to apply here).
    // Each round sends other students, so a round that committed before its kill shows as ROWS more.
    int[] delaysAfterApplying = {0, 150, 400};
    boolean orphanSeen = false;
    long expected = 0;
    for (int i = 0; i < delaysAfterApplying.length; i++) {
      byte[] file = roll(i);
      boolean wholeGroup = i == delaysAfterApplying.length - 1;
      String uploadId;
      ForkedServer server = ForkedServer.start(null, data, "256m", ENV);
      try {
        String staff = server.login("staff.crash", "password-1234");
        HttpResponse<String> queued = server.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.base + "/api/v1/schools/" + SCHOOL + "/uploads?kind=students"))
            .header("Authorization", "Bearer " + staff).header("Prefer", "respond-async")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, queued.statusCode(), queued.body());
        uploadId = new JsonObject(queued.body()).getString("id");
        server.awaitLog(Pattern.compile("event=upload_applying id=" + uploadId), Duration.ofMinutes(2));
        Thread.sleep(delaysAfterApplying[i]);
      } finally {
        if (wholeGroup) server.killGroup();
        else server.kill();
      }

      try (ForkedServer restarted = ForkedServer.start(null, data, "256m", ENV)) {
        orphanSeen |= restarted.log().stream().anyMatch(l -> l.contains("event=orphaned_postmaster_stopped"));
        String staff = restarted.login("staff.crash", "password-1234");
        JsonObject upload = new JsonObject(restarted.get("/api/v1/uploads/" + uploadId, staff).body());
        long total = students(restarted, staff);
        String status = upload.getString("status");
        assertTrue(status.equals("failed") && total == expected || status.equals("committed") && total == expected + ROWS,
            "kill " + (i + 1) + ": upload " + status + " with " + total + " students on the roll, " + expected + " before");
        if (status.equals("committed")) expected += ROWS;
        if (status.equals("failed")) assertEquals("UPLOAD_INTERRUPTED", upload.getString("code"), upload.encode());
      }
    }
    assertTrue(orphanSeen, "a PostgreSQL left by a killed JVM was found and stopped");

    try (ForkedServer last = ForkedServer.start(null, data, "256m", ENV)) {
      String staff = last.login("staff.crash", "password-1234");
      HttpResponse<String> whole = last.post("/api/v1/schools/" + SCHOOL + "/uploads?kind=students", staff, null,
          roll(delaysAfterApplying.length));
      assertEquals(201, whole.statusCode(), whole.body());
      assertEquals("committed", new JsonObject(whole.body()).getString("status"));
      assertEquals(expected + ROWS, students(last, staff));
    }
  }

  private static long students(ForkedServer server, String token) throws Exception {
    return new JsonObject(server.get("/api/v1/schools/" + SCHOOL + "/students?size=1", token).body())
        .getLong("total");
  }

  /** The product's embedded PostgreSQL is durable: fsync, synchronous commit and full page writes on. */
  private static void assertDurable(ForkedServer server) throws Exception {
    Matcher m = Pattern.compile("event=embedded_postgres_started port=(\\d+)")
        .matcher(server.awaitLog(Pattern.compile("event=embedded_postgres_started"), Duration.ofSeconds(5)));
    assertTrue(m.find());
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + m.group(1) + "/dmc", "postgres", "");
         Statement s = c.createStatement()) {
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          assertEquals("on", rs.getString(1), setting);
        }
      }
    }
  }

  /** ROWS students of round {@code round}: no two rounds share one. */
  private static byte[] roll(int round) {
    Object[][] rows = new Object[ROWS + 1][];
    rows[0] = new Object[] {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"};
    for (int i = 1; i <= ROWS; i++) {
      rows[i] = new Object[] {Ids.citizen(100_000 + round * ROWS + i), "N" + i, "เด็กชาย", "ชื่อ" + i, "สกุล", "ช", "01/01/2560", "ป.1",
          String.valueOf(1 + i % 20)};
    }
    return Workbooks.xlsx(rows);
  }
}
