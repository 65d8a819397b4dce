package th.obec.dmc.existence;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * OBEC opens the next round (2567 term 1) by loading its calendar: the roll carries over, the new round is
 * answered on 10 June, and the closed round 2566/2 keeps its reports, subsidy and Exchange file by year and term.
 */
@ExtendWith(VertxExtension.class)
class NextRoundTest {
  private static final String SCHOOL = "1063010001";

  @Test
  void theNextRoundOpensFromItsCalendarAndTheClosedOneStaysAvailable(Vertx vertx) throws Exception {
    var db = TestDatabase.fresh(NextRoundTest.class);
    Path data = ClassResources.folder(NextRoundTest.class, "dmc-next");
    String admin;
    try (TestServer term2 = TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00"))) {
      admin = term2.adminToken();
      assertTrue(term2.get("/api/v1/specs/buildings", admin).bodyAsJsonObject().getString("titleTh")
          .endsWith("ณ วันที่ 30 ต.ค. 2566"), "term 2's B-OBEC day, from its calendar");
      Fixtures.registry(term2, admin, "6301,สพป.พังงา,สพป.,พังงา," + SCHOOL + ",โรงเรียนพังงา");
      Fixtures.user(term2, admin, "staff.next", "school_staff", "schoolCode", SCHOOL);
      TestDatabase.sql(db, "INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex,"
          + " birth_date, grade, room, status, updated_at) VALUES ('" + SCHOOL + "', 'G000000000101', '1', 'เด็กชาย', 'หนึ่ง',"
          + " 'ก', 'M', '2016-01-01', 'ป.2', '1', 'active', now()), ('" + SCHOOL + "', 'G000000000102', '2', 'เด็กหญิง',"
          + " 'สอง', 'ก', 'F', '2016-01-01', 'ป.2', '1', 'active', now())");
      TestDatabase.sql(db, "INSERT INTO round_closure VALUES (2566, 2, 'admin', '2023-11-11T03:00:00Z', 2, '2023-11-10')");
      TestDatabase.sql(db, "INSERT INTO round_snapshot (academic_year, term, school_code, citizen_id, prefix, first_name,"
          + " last_name, sex, birth_date, grade, room, present) SELECT 2566, 2, school_code, citizen_id, prefix, first_name,"
          + " last_name, sex, birth_date, 'ป.1', room, true FROM student");
    }

    Path calendar = ClassResources.folder(NextRoundTest.class, "calendar").resolve("2567-1.json");
    Files.write(calendar, NextRoundTest.class.getClassLoader().getResourceAsStream("calendar/2567-1.json").readAllBytes());
    try (TestServer term1 = TestServer.start(vertx, db, data,
        Map.of("DMC_CLOCK", "2024-06-10T09:00:00+07:00", "DMC_CALENDAR", calendar.toString()))) {
      JsonObject current = term1.get("/api/v1/calendar", null).bodyAsJsonObject();
      // Titles take their day from the round's calendar: 10 June in term 1, never a literal 10 November.
      String existenceTitle = term1.get("/api/v1/specs/existence", admin).bodyAsJsonObject().getString("titleTh");
      assertTrue(existenceTitle.endsWith("ณ วันที่ 10 มิ.ย. 2567"), existenceTitle);
      assertTrue(term1.get("/api/v1/specs/buildings", admin).bodyAsJsonObject().getString("titleTh")
          .endsWith("ณ วันที่ 9 มิ.ย. 2567"), "B-OBEC as of the last day of its entry window");
      assertEquals(2567, current.getInteger("academicYear"));
      assertEquals(1, current.getInteger("term"));

      // The roll carried over: the new round is answered on 10 June against it.
      String staff = term1.login("staff.next", Fixtures.PASSWORD);
      var answered = term1.post("/api/v1/schools/" + SCHOOL + "/existence", staff, new JsonObject().put("all", true));
      assertEquals(200, answered.statusCode(), answered.bodyAsString());
      assertEquals(2, answered.bodyAsJsonObject().getInteger("present"));
      assertEquals(2567, answered.bodyAsJsonObject().getInteger("academicYear"));

      // The closed round, by year and term: its subsidy, its workbooks and its Exchange file.
      JsonObject subsidy = term1.get("/api/v1/reports/subsidy.json?academicYear=2566&term=2", admin).bodyAsJsonObject();
      assertEquals(2566, subsidy.getInteger("academicYear"));
      assertEquals("2770", subsidy.getJsonObject("national").getString("total"), "2 x (950 + 195 + 240)");
      var report = term1.get("/api/v1/schools/" + SCHOOL + "/report.xlsx?academicYear=2566&term=2", admin);
      assertEquals(200, report.statusCode(), report.bodyAsString());
      try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(report.body().getBytes()))) {
        assertTrue(wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue().contains("ณ วันที่ 10 พ.ย. 2566"),
            "the closed round's own count day, kept with its close, under the next round's calendar");
      }
      assertEquals(200, term1.get("/api/v1/exchange/2566/2.zip", admin).statusCode());

      assertProblem(term1.get("/api/v1/reports/subsidy.json", admin), 409, "ROUND_NOT_CLOSED");
      assertProblem(term1.get("/api/v1/reports/subsidy.json?academicYear=2565&term=2", admin), 404, "ROUND_NOT_FOUND");
      assertProblem(term1.get("/api/v1/exchange/2565/2.zip", admin), 404, "ROUND_NOT_FOUND");
    }
  }
}
