package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two servers on one database, as behind a load balancer: staff answer through one while directors try to
 * certify through the other. No answer may be lost and no school certified with a student unanswered.
 */
@ExtendWith(VertxExtension.class)
class TwoServersTest {
  private static final int SCHOOLS = 12;
  private static final int ROOMS = 4;
  private static final int PER_ROOM = 15;

  @Test
  void answeringAndCertifyingTheSameSchoolsThroughTwoServersLosesNothing(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(TwoServersTest.class);
    Map<String, String> tenAm = Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00");
    // Nodes behind one load balancer share the signing key: here, through one data folder's keys/.
    java.nio.file.Path shared = th.obec.dmc.support.ClassResources.folder(TwoServersTest.class, "dmc-nodes");
    try (TestServer one = TestServer.start(vertx, db, shared, tenAm);
         TestServer two = TestServer.start(vertx, db, shared, tenAm)) {
      String admin = one.adminToken();
      String[] rows = new String[SCHOOLS];
      for (int s = 0; s < SCHOOLS; s++) rows[s] = "3001,สพป.ทดสอบ,สพป.,ตาก," + school(s) + ",โรงเรียน " + s;
      Fixtures.registry(one, admin, rows);
      // The roll through set-based SQL: what matters here is the answering, not the upload.
      TestDatabase.sql(db, "INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex,"
          + " birth_date, grade, room, status, updated_at)"
          + " SELECT '10300' || lpad(s::text, 5, '0'), 'G' || lpad((s * 1000 + r * 100 + n)::text, 12, '0'), n::text,"
          + " 'เด็กชาย', 'ก', 'ข', 'M', date '2016-06-01', 'ป.1', r::text, 'active', now()"
          + " FROM generate_series(0, " + (SCHOOLS - 1) + ") s, generate_series(1, " + ROOMS + ") r, generate_series(1, " + PER_ROOM + ") n");
      List<String> staff = new ArrayList<>();
      List<String> directors = new ArrayList<>();
      for (int s = 0; s < SCHOOLS; s++) {
        Fixtures.user(one, admin, "staff" + s, "school_staff", "schoolCode", school(s));
        Fixtures.user(one, admin, "director" + s, "school_director", "schoolCode", school(s));
        staff.add(one.login("staff" + s, Fixtures.PASSWORD));
        directors.add(two.login("director" + s, Fixtures.PASSWORD));
      }

      WebClient c1 = WebClient.create(vertx);
      WebClient c2 = WebClient.create(vertx);
      List<Future<?>> work = new ArrayList<>();
      for (int s = 0; s < SCHOOLS; s++) {
        int school = s;
        // Staff answer room by room: half of each room one by one through server one, the rest by room through server two.
        Future<?> answering = Future.succeededFuture();
        for (int r = 1; r <= ROOMS; r++) {
          int room = r;
          JsonArray singles = new JsonArray();
          for (int n = 1; n <= PER_ROOM / 2; n++) {
            singles.add(new JsonObject().put("studentId", id(school, room, n)).put("present", n % 5 != 0)
                .put("reason", n % 5 != 0 ? null : "long_absence"));
          }
          answering = answering
              .compose(v -> post(c1, one.port(), "/api/v1/schools/" + school(school) + "/existence", staff.get(school),
                  new JsonObject().put("answers", singles)))
              .compose(v -> post(c2, two.port(), "/api/v1/schools/" + school(school) + "/existence", staff.get(school),
                  new JsonObject().put("grade", "ป.1").put("room", String.valueOf(room))));
        }
        // Meanwhile the director keeps trying to certify through server two until it is accepted.
        Future<?> certifying = certifyUntilDone(c2, two.port(), school(school), directors.get(school), 200);
        work.add(answering);
        work.add(certifying);
      }
      Future.all(work).await(3, TimeUnit.MINUTES);

      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           Statement st = c.createStatement()) {
        assertEquals(SCHOOLS * ROOMS * PER_ROOM, count(st, "SELECT count(*) FROM existence_answer"), "every student answered once");
        assertEquals(SCHOOLS, count(st, "SELECT count(*) FROM certification"), "every school certified");
        assertEquals(0, count(st, "SELECT count(*) FROM certification c JOIN student s ON s.school_code = c.school_code"
            + " WHERE NOT EXISTS (SELECT 1 FROM existence_answer a WHERE a.school_code = s.school_code"
            + " AND a.citizen_id = s.citizen_id)"), "no school certified with a student unanswered");
        // The counts frozen at certification are the final ones: no answer landed after a director certified.
        assertEquals(count(st, "SELECT count(*) FROM existence_answer WHERE present"),
            count(st, "SELECT sum((counts ->> 'present')::int) FROM certification"));
        assertEquals(SCHOOLS * ROOMS * (PER_ROOM / 2 / 5), count(st, "SELECT count(*) FROM existence_answer WHERE NOT present"),
            "the absent answers given one by one were not overwritten by the room's 'present'");
      }
      c1.close();
      c2.close();
    }
  }

  private static Future<HttpResponse<Buffer>> post(WebClient client, int port, String path, String token, JsonObject body) {
    return client.post(port, "localhost", path).bearerTokenAuthentication(token).sendJsonObject(body).map(r -> {
      if (r.statusCode() != 200) throw new IllegalStateException(path + " " + r.statusCode() + " " + r.bodyAsString());
      return r;
    });
  }

  private static Future<?> certifyUntilDone(WebClient client, int port, String school, String token, int triesLeft) {
    return client.post(port, "localhost", "/api/v1/schools/" + school + "/certification").bearerTokenAuthentication(token)
        .send()
        .compose(r -> {
          if (r.statusCode() == 200) return Future.succeededFuture();
          if (r.statusCode() != 409 || triesLeft == 0) {
            return Future.failedFuture(new IllegalStateException(school + " " + r.statusCode() + " " + r.bodyAsString()));
          }
          return Future.<Void>future(p -> client.request(io.vertx.core.http.HttpMethod.GET, port, "localhost", "/health")
                  .send().onComplete(x -> p.complete()))
              .compose(v -> certifyUntilDone(client, port, school, token, triesLeft - 1));
        });
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String school(int s) {
    return "10300" + String.format("%05d", s);
  }

  private static String id(int school, int room, int n) {
    return "G" + String.format("%012d", school * 1000 + room * 100 + n);
  }
}
