package th.obec.dmc.existence;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.UploadCalls.upload;

/**
 * Issue 22: the day's charts read kept counts: answers and certifications per quarter hour for an area and the
 * country, and every area's schools by state with the least certified first.
 */
@ExtendWith(VertxExtension.class)
class DayProgressTest {
  private static final Object[] HEADER = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล",
      "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};
  private static final String A1 = "1071010001";
  private static final String A2 = "1071010002";
  private static final String B1 = "1072010001";
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, DayProgressTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    admin = server.adminToken();
    Fixtures.registry(server, admin, "7101,สพป.ทดสอบ เขต 1,สพป.,กาญจนบุรี," + A1 + ",โรงเรียนหนึ่ง",
        "7101,สพป.ทดสอบ เขต 1,สพป.,กาญจนบุรี," + A2 + ",โรงเรียนสอง",
        "7102,สพป.ทดสอบ เขต 2,สพป.,กาญจนบุรี," + B1 + ",โรงเรียนสาม");
    Fixtures.user(server, admin, "staff.a1", "school_staff", "schoolCode", A1);
    Fixtures.user(server, admin, "staff.a2", "school_staff", "schoolCode", A2);
    Fixtures.user(server, admin, "director.a1", "school_director", "schoolCode", A1);
    Fixtures.user(server, admin, "area.7101", "area_staff", "areaCode", "7101");
    String a1 = server.login("staff.a1", Fixtures.PASSWORD);
    String a2 = server.login("staff.a2", Fixtures.PASSWORD);
    upload(server, a1, A1, "students", Workbooks.xlsx(HEADER, student(1), student(2), student(3)), 201);
    upload(server, a2, A2, "students", Workbooks.xlsx(HEADER, student(4), student(5)), 201);
    assertEquals(200, server.post("/api/v1/schools/" + A1 + "/existence", a1, new JsonObject().put("all", true)).statusCode());
    assertEquals(200, server.post("/api/v1/schools/" + A2 + "/existence", a2, new JsonObject().put("answers",
        new JsonArray().add(new JsonObject().put("studentId", Ids.citizen(904)).put("present", false)
            .put("reason", "long_absence")))).statusCode());
    String director = server.login("director.a1", Fixtures.PASSWORD);
    assertEquals(200, server.post("/api/v1/schools/" + A1 + "/certification", director, null).statusCode());
  }

  private static Object[] student(int n) {
    return new Object[] {Ids.citizen(900 + n), String.valueOf(900 + n), "เด็กชาย", "ทดสอบ" + n, "ใจดี", "ช", "13/05/2555", "ป.1", "1"};
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void anAreasTimelineCountsItsAnswersAndCertificationsByQuarterHour() {
    JsonObject timeline = server.get("/api/v1/areas/7101/timeline", server.login("area.7101", Fixtures.PASSWORD))
        .bodyAsJsonObject();
    assertEquals(15, timeline.getInteger("bucketMinutes"));
    JsonArray items = timeline.getJsonArray("items");
    assertEquals(1, items.size(), items.encode());
    JsonObject quarter = items.getJsonObject(0);
    assertEquals("2023-11-10T09:00+07:00", quarter.getString("start"));
    assertEquals(3, quarter.getInteger("present"));
    assertEquals(1, quarter.getInteger("notPresent"));
    assertEquals(1, quarter.getInteger("certified"));
    assertEquals(items, server.get("/api/v1/rounds/current/timeline", admin).bodyAsJsonObject().getJsonArray("items"),
        "the country is these two schools");
  }

  @Test
  void theAreasAreSortedWithTheLeastCertifiedFirstAndNamed() {
    JsonArray areas = server.get("/api/v1/rounds/current/areas", admin).bodyAsJsonObject().getJsonArray("items");
    assertEquals("7102", areas.getJsonObject(0).getString("areaCode"), areas.encode());
    JsonObject first = areas.getJsonObject(1);
    assertEquals("สพป.ทดสอบ เขต 1", first.getString("areaName"));
    assertEquals(2, first.getInteger("schools"));
    assertEquals(1, first.getInteger("certified"));
    assertEquals(1, first.getInteger("confirming"));
    assertEquals(0, first.getInteger("notStarted"));
  }

  /** The area's query is served by the kept table's primary key, never a scan of the day's answers. */
  @Test
  void theAreaTimelineIsReadThroughTheKeptCountsIndex() {
    String sql = DayProgressRepository.AREA_TIMELINE.replace("$1", "2566").replace("$2", "2")
        .replace("$3::text[]", "ARRAY['" + A1 + "','" + A2 + "']");
    // A handful of rows here: without the setting the planner would rightly read the tiny table whole.
    String plan = TestDatabase.explain(server.db, sql, "SET enable_seqscan = off");
    assertTrue(plan.contains("answer_timeline_pkey"), plan);
    assertTrue(!plan.contains("existence_answer"), plan);
  }
}
