package th.obec.dmc.existence;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * The year-end promotion, in its own window of the calendar: every active student moves up one grade,
 * each school's top grade leaves the roll as graduates (a primary school's ป.6, an opportunity-expansion
 * school's ม.3, while its อ.3 moves on to ป.1), it is audited, and running it twice promotes nobody twice.
 */
@ExtendWith(VertxExtension.class)
class YearEndPromotionTest {
  private static final String PRIMARY = "1062010001";
  private static final String EXPANSION = "1062010002";

  private static String student(String school, int n, String grade) {
    return "('" + school + "', 'G" + String.format("%012d", n) + "', '" + n + "', 'เด็กชาย', 'ชื่อ" + n + "', 'สกุล', 'M',"
        + " '2015-01-01', '" + grade + "', '1', 'active', now())";
  }

  @Test
  void everyoneMovesUpOnceAndTheTopGradeGraduates(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, YearEndPromotionTest.class,
        Map.of("DMC_CLOCK", "2024-04-01T10:00:00+07:00"))) {
      String admin = server.adminToken();
      Fixtures.registry(server, admin, "6201,สพป.ตรัง,สพป.,ตรัง," + PRIMARY + ",โรงเรียนประถม",
          "6201,สพป.ตรัง,สพป.,ตรัง," + EXPANSION + ",โรงเรียนขยายโอกาส");
      TestDatabase.sql(server.db, "INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name,"
          + " last_name, sex, birth_date, grade, room, status, updated_at) VALUES "
          + String.join(", ", List.of(student(PRIMARY, 1, "ป.1"), student(PRIMARY, 2, "ป.6"), student(PRIMARY, 3, "ป.6"),
              student(EXPANSION, 4, "อ.3"), student(EXPANSION, 5, "ป.6"), student(EXPANSION, 6, "ม.1"),
              student(EXPANSION, 7, "ม.3"), student(EXPANSION, 8, "ปวช.1"), student(EXPANSION, 9, "ปวช.3"))));

      var first = server.post("/api/v1/rounds/current/promotion", admin, null);
      assertEquals(200, first.statusCode(), first.bodyAsString());
      JsonObject result = first.bodyAsJsonObject();
      assertEquals(5, result.getInteger("promoted"));
      assertEquals(4, result.getInteger("graduated"));
      assertEquals(result, server.post("/api/v1/rounds/current/promotion", admin, null).bodyAsJsonObject(),
          "a second run answers the first and promotes nobody twice");

      assertEquals(List.of("ป.2"), grades(server, admin, PRIMARY, "active"));
      assertEquals(List.of("ป.6", "ป.6"), grades(server, admin, PRIMARY, "graduated"));
      assertEquals(List.of("ป.1", "ปวช.2", "ม.1", "ม.2"), grades(server, admin, EXPANSION, "active"));
      assertEquals(List.of("ปวช.3", "ม.3"), grades(server, admin, EXPANSION, "graduated"),
          "the vocational track is its own: ม.3 does not become ปวช.1");

      String events = server.get("/api/v1/audit", admin).bodyAsString();
      assertTrue(events.contains("roll.promoted"), events);
      String staffOnly = server.login("admin", TestServer.ADMIN_PASSWORD);
      assertEquals(200, server.get("/api/v1/schools/" + PRIMARY + "/students", staffOnly).statusCode());
    }
    try (TestServer november = TestServer.start(vertx, TestDatabase.fresh(YearEndPromotionTest.class),
        th.obec.dmc.support.ClassResources.folder(YearEndPromotionTest.class, "dmc-nov"),
        Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00"))) {
      assertProblem(november.post("/api/v1/rounds/current/promotion", november.adminToken(), null), 409, "PHASE_CLOSED");
    }
  }

  private static List<String> grades(TestServer server, String token, String school, String status) {
    return server.get("/api/v1/schools/" + school + "/students?status=" + status + "&size=100", token).bodyAsJsonObject()
        .getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("grade")).sorted().toList();
  }
}
