package th.obec.dmc.student;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.UploadCalls.upload;

/** Issue 22: one student of a big school found by name, citizen ID or student number, through indexes only. */
@ExtendWith(VertxExtension.class)
class RollSearchTest {
  private static final String SCHOOL = "1081010001";
  private static TestServer server;
  private static String staff;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, RollSearchTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    String admin = server.adminToken();
    Fixtures.registry(server, admin, "8101,สพป.ค้นหา,สพป.,กระบี่," + SCHOOL + ",โรงเรียนค้นหา");
    Fixtures.user(server, admin, "staff.search", "school_staff", "schoolCode", SCHOOL);
    staff = server.login("staff.search", Fixtures.PASSWORD);
    Object[] header = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};
    upload(server, staff, SCHOOL, "students", Workbooks.xlsx(header,
        new Object[] {Ids.citizen(31), "31", "เด็กชาย", "สมชาย", "ใจดี", "ช", "13/05/2555", "ป.2", "1"},
        new Object[] {Ids.citizen(32), "32", "เด็กหญิง", "สมหญิง", "รักเรียน", "ญ", "13/05/2555", "ป.2", "2"},
        new Object[] {Ids.citizen(33), "33", "เด็กชาย", "มานะ", "สมใจ", "ช", "13/05/2555", "ป.3", "1"}), 201);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  private static JsonArray search(String q) {
    return server.get("/api/v1/schools/" + SCHOOL + "/students?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), staff)
        .bodyAsJsonObject().getJsonArray("items");
  }

  @Test
  void aStudentIsFoundByTheStartOfANameByIdOrByNumberThroughIndexesOnly() throws Exception {
    // สมชาย and สมหญิง by their first names, มานะ by his last name สมใจ.
    assertEquals(3, search("สม").size());
    assertEquals(Ids.citizen(32), search(Ids.citizen(32)).getJsonObject(0).getString("citizenId"));
    assertEquals(Ids.citizen(33), search("33").getJsonObject(0).getString("citizenId"));
    assertEquals(Ids.citizen(32), search("รัก").getJsonObject(0).getString("citizenId"));
    assertEquals(0, search("ไม่มีใคร").size());
    String sql = StudentRepository.SEARCH.replace("$1", "'" + SCHOOL + "'").replace("$2", "'สม'")
        .replace("$3", "20").replace("$4", "0");
    // A big school's worth of rows first, so that the plan is the one a big school gets.
    String text = TestDatabase.explain(server.db, sql,
        "INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex, birth_date,"
            + " grade, room, updated_at) SELECT '" + SCHOOL + "', (2000000000000 + i)::text, (100000 + i)::text, 'เด็กชาย',"
            + " 'ชื่อ' || i, 'สกุล' || i, 'M', date '2015-05-13', 'ป.' || (i % 6 + 1), (i % 8 + 1)::text, now()"
            + " FROM generate_series(1, 5000) i",
        "ANALYZE student");
    assertTrue(text.contains("student_school_first_name") && text.contains("student_school_last_name")
        && text.contains("student_school_number")
        && (text.contains("student_pkey") || text.contains("student_active_once")) && text.contains("BitmapOr"), text);
    assertFalse(text.contains("Seq Scan"), text);
  }
}
