package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counts kept beside the roll and the answers (V6__round_counts.sql) must equal what the answers
 * themselves say, whatever happens at once: answers one by one and by room, answers changed, and the roll
 * changing under them (students moving grade, leaving, coming back, added, deleted).
 */
@ExtendWith(VertxExtension.class)
class RoundCountsTest {
  private static final int SCHOOLS = 3;
  private static final int ROOMS = 3;
  private static final int PER_ROOM = 20;

  /** The truth, aggregated from the answers: school, grade, active, present, not present. */
  private static final String FROM_ANSWERS = """
      SELECT s.school_code, s.grade, count(*), count(*) FILTER (WHERE a.present), count(*) FILTER (WHERE NOT a.present)
      FROM student s LEFT JOIN existence_answer a ON a.academic_year = 2566 AND a.term = 2
        AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE s.status = 'active' GROUP BY 1, 2 ORDER BY 1, 2""";
  private static final String FROM_COUNTS = """
      SELECT r.school_code, r.grade, r.active, coalesce(a.present, 0), coalesce(a.not_present, 0)
      FROM roll_count r LEFT JOIN answer_count a ON a.academic_year = 2566 AND a.term = 2
        AND a.school_code = r.school_code AND a.grade = r.grade
      WHERE r.active > 0 ORDER BY 1, 2""";

  @Test
  void countsEqualTheAnswersWhileTheRollChangesUnderThem(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(RoundCountsTest.class);
    try (TestServer server = TestServer.start(vertx, db,
        th.obec.dmc.support.ClassResources.folder(RoundCountsTest.class, "dmc-data"), Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00"))) {
      String admin = server.adminToken();
      Fixtures.schoolsWithRooms(server, admin, db, "10400", SCHOOLS, ROOMS, PER_ROOM);
      List<String> staff = new ArrayList<>();
      for (int s = 0; s < SCHOOLS; s++) {
        Fixtures.user(server, admin, "staff" + s, "school_staff", "schoolCode", school(s));
        staff.add(server.login("staff" + s, Fixtures.PASSWORD));
      }

      // The roll changes from another connection while the answers come in.
      Thread rollChanges = new Thread(() -> changeTheRoll(db));
      rollChanges.start();
      WebClient client = WebClient.create(vertx);
      List<Future<?>> work = new ArrayList<>();
      for (int s = 0; s < SCHOOLS; s++) {
        int school = s;
        Future<?> answering = Future.succeededFuture();
        for (int r = 1; r <= ROOMS; r++) {
          int room = r;
          for (int round = 0; round < 3; round++) {
            int flip = round;
            JsonArray singles = new JsonArray();
            for (int n = 1; n <= PER_ROOM / 2; n++) {
              boolean present = (n + flip) % 3 != 0;
              singles.add(new JsonObject().put("studentId", id(school, room, n)).put("present", present)
                  .put("reason", present ? null : "long_absence"));
            }
            answering = answering.compose(v -> post(client, server.port(), school(school), staff.get(school),
                new JsonObject().put("answers", singles)));
          }
          answering = answering.compose(v -> post(client, server.port(), school(school), staff.get(school),
              new JsonObject().put("grade", "ป." + room).put("room", String.valueOf(room))));
        }
        work.add(answering);
      }
      Future.all(work).await(2, TimeUnit.MINUTES);
      rollChanges.join();
      // After the roll changed, everyone still unanswered is present: the counts follow that too.
      for (int s = 0; s < SCHOOLS; s++) {
        post(client, server.port(), school(s), staff.get(s), new JsonObject().put("all", true)).await(30, TimeUnit.SECONDS);
      }

      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           Statement st = c.createStatement()) {
        List<String> truth = table(st, FROM_ANSWERS);
        assertTrue(truth.size() >= SCHOOLS * ROOMS, truth.toString());
        assertEquals(truth, table(st, FROM_COUNTS), "the kept counts equal the answers");
        // The summary and the area's progress, over HTTP, read the kept counts.
        for (int s = 0; s < SCHOOLS; s++) {
          JsonObject summary = client.get(server.port(), "localhost", "/api/v1/schools/" + school(s) + "/existence")
              .bearerTokenAuthentication(staff.get(s)).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
          long active = TestDatabase.count(db, "SELECT count(*) FROM student WHERE status = 'active' AND school_code = '" + school(s) + "'");
          long absent = TestDatabase.count(db, "SELECT count(*) FROM existence_answer a JOIN student s USING (school_code, citizen_id)"
              + " WHERE s.status = 'active' AND NOT a.present AND a.school_code = '" + school(s) + "'");
          assertEquals(active, summary.getLong("active"), summary.encode());
          assertEquals(absent, summary.getLong("notPresent"), summary.encode());
          assertEquals(active - absent, summary.getLong("present"), summary.encode());
          assertEquals(0, summary.getLong("unanswered"), summary.encode());
        }
        JsonObject progress = client.get(server.port(), "localhost", "/api/v1/areas/3001/progress")
            .bearerTokenAuthentication(admin).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
        assertEquals(TestDatabase.count(db, "SELECT count(*) FROM student WHERE status = 'active'"),
            progress.getJsonObject("totals").getLong("answered"), progress.encode());
        assertEquals(0, progress.getJsonObject("totals").getLong("unanswered"), progress.encode());
      }
      client.close();
    }
  }

  /** Moves, leaves, returns, adds and deletes students of every school, in small transactions. */
  private static void changeTheRoll(DatabaseUrl db) {
    Random random = new Random(12);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement()) {
      for (int i = 0; i < 60; i++) {
        int s = random.nextInt(SCHOOLS);
        int r = 1 + random.nextInt(ROOMS);
        int n = 1 + random.nextInt(PER_ROOM);
        String where = " WHERE school_code = '" + school(s) + "' AND citizen_id = '" + id(s, r, n) + "'";
        switch (i % 5) {
          case 0 -> st.execute("UPDATE student SET grade = 'ป.6'" + where);
          case 1 -> st.execute("UPDATE student SET status = 'moved_out'" + where);
          case 2 -> st.execute("UPDATE student SET status = 'active'" + where);
          case 3 -> st.execute("INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name,"
              + " sex, birth_date, grade, room, status, updated_at) VALUES ('" + school(s) + "', '" + id(s, 9, i)
              + "', '1', 'เด็กชาย', 'ค', 'ง', 'M', date '2016-06-01', 'ป.' || " + r + ", '" + r + "', 'active', now())"
              + " ON CONFLICT DO NOTHING");
          default -> st.execute("DELETE FROM student" + where + " AND status <> 'active'");
        }
        Thread.sleep(5);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Future<?> post(WebClient client, int port, String school, String token, JsonObject body) {
    return client.post(port, "localhost", "/api/v1/schools/" + school + "/existence").bearerTokenAuthentication(token)
        .sendJsonObject(body).map(r -> {
          // An ID that just left the roll is refused as a whole request, and nothing of it is written.
          if (r.statusCode() != 200 && r.statusCode() != 422) {
            throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
          }
          return r;
        });
  }

  private static List<String> table(Statement st, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5));
      }
    }
    return rows;
  }

  private static String school(int s) {
    return "10400" + String.format("%05d", s);
  }

  private static String id(int school, int room, int n) {
    return "G" + String.format("%012d", school * 1000 + room * 100 + n);
  }
}
