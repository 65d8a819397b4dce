package th.obec.dmc.upload;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.DmcExports;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;
import static th.obec.dmc.support.UploadCalls.rowsOf;
import static th.obec.dmc.support.UploadCalls.upload;
import static th.obec.dmc.support.UploadCalls.warningRowsOf;

/**
 * The files schools really hold, end to end: the DMC portal's "รายชื่อนักเรียน" export and studentInSchoolList.xlsx,
 * 3,000 students each, pass a dry run and commit; the roll holds the right IDs, numbers and extra fields; the
 * roll written back in the DMC layout uploads again with nothing changed; a row naming another school is
 * refused; and after the day and the close, the subsidy's poor students are exactly the เด็กยากจน rows.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FieldExportsTest {
  private static final String AREA = "4001";
  private static final String A = "1040010001";
  private static final String B = "1040010002";
  private static final String A_OBEC = "401001";
  private static final int STUDENTS = 3000;

  private final DatabaseUrl db = TestDatabase.fresh(FieldExportsTest.class);
  private final Path data;
  private final Path files;
  private DmcExports.Export portal;
  private DmcExports.Export inSchool;
  private String admin;
  private String staffA;
  private String staffB;
  private String area;

  FieldExportsTest() throws Exception {
    data = ClassResources.folder(FieldExportsTest.class, "dmc-field");
    files = ClassResources.folder(FieldExportsTest.class, "dmc-files");
  }

  private TestServer at(Vertx vertx, String bangkokTime) throws Exception {
    // The area office reads whole schools' details here; the daily budget is tried on its own below.
    return TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", bangkokTime + "+07:00",
        "DMC_DISCLOSURE_DAILY_LIMIT", "1000000"));
  }

  @Test
  @Order(1)
  void bothExportsPassADryRunAndCommit(Vertx vertx) throws Exception {
    try (TestServer server = at(vertx, "2023-11-01T10:00:00")) {
      admin = server.adminToken();
      String csv = "area_code,area_name,area_kind,province,school_code,school_name,obec_code\n"
          + AREA + ",สพป.ขอนแก่น เขต 1,สพป.,ขอนแก่น," + A + ",โรงเรียนบ้านหนึ่ง," + A_OBEC + "\n"
          + AREA + ",สพป.ขอนแก่น เขต 1,สพป.,ขอนแก่น," + B + ",โรงเรียนมัธยมสอง,\n";
      assertEquals(200, server.postBytes("/api/v1/registry/schools", admin, csv.getBytes(StandardCharsets.UTF_8)).statusCode());
      Fixtures.user(server, admin, "staff.fa", "school_staff", "schoolCode", A);
      Fixtures.user(server, admin, "staff.fb", "school_staff", "schoolCode", B);
      Fixtures.user(server, admin, "area.f", "area_staff", "areaCode", AREA);
      staffA = server.login("staff.fa", Fixtures.PASSWORD);
      staffB = server.login("staff.fb", Fixtures.PASSWORD);
      area = server.login("area.f", Fixtures.PASSWORD);
      portal = DmcExports.portal(files, A, "โรงเรียนบ้านหนึ่ง", STUDENTS, 100_000);
      inSchool = DmcExports.inSchoolList(files, B, "โรงเรียนมัธยมสอง", STUDENTS, 200_000);

      JsonObject dry = dryRun(server, staffA, A, portal.bytes());
      assertEquals(List.of("ชื่อโรงเรียน", "ยังไม่สามารถจำหน่ายได้ (3.1.8)"), dry.getJsonArray("ignoredColumns").getList());
      assertEquals(List.of(4), warningRowsOf(dry, "OTHER_VALUE", "nationality"), "อินเดีย, on the second student's row");
      JsonObject committed = upload(server, staffA, A, "students", portal.bytes(), 201);
      assertEquals("committed", committed.getString("status"), committed.encode());
      assertEquals(STUDENTS, committed.getJsonObject("changes").getInteger("inserted"));

      JsonObject dryB = dryRun(server, staffB, B, inSchool.bytes());
      List<?> ignored = dryB.getJsonArray("ignoredColumns").getList();
      assertTrue(ignored.containsAll(List.of("ชื่อโรงเรียน", "เกรดเฉลี่ย", "จำนวนพี่ชาย")), ignored.toString());
      assertEquals(6, ignored.size(), "the school's name, the GPA and the second set of four sibling counts: " + ignored);
      JsonObject committedB = upload(server, staffB, B, "students", inSchool.bytes(), 201);
      assertEquals(STUDENTS, committedB.getJsonObject("changes").getInteger("inserted"), committedB.encode());

      assertRoll(server, staffA, A, portal);
      assertRoll(server, staffB, B, inSchool);
      assertEquals(portal.poor(), TestDatabase.count(db, "SELECT count(*) FROM student WHERE school_code = '" + A
          + "' AND disadvantage = '09'"));
      assertEquals(inSchool.poor(), TestDatabase.count(db, "SELECT count(*) FROM student WHERE school_code = '" + B
          + "' AND disadvantage = '09'"));
    }
  }

  private static JsonObject dryRun(TestServer server, String token, String school, byte[] file) {
    var r = server.postBytes("/api/v1/schools/" + school + "/uploads?kind=students&dryRun=true", token, file);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject result = r.bodyAsJsonObject();
    assertEquals("validated", result.getString("status"), result.getJsonArray("errors").encodePrettily());
    assertEquals(0, result.getJsonArray("errors").size());
    assertEquals(STUDENTS, result.getJsonObject("rows").getInteger("valid"));
    return result;
  }

  /** Every student of the file is on the roll under its own citizen ID with its own student number. */
  private static void assertRoll(TestServer server, String token, String school, DmcExports.Export export) {
    Map<String, JsonObject> roll = roll(server, token, school);
    assertEquals(export.students().size(), roll.size());
    for (DmcExports.Student s : export.students()) {
      JsonObject stored = roll.get(s.citizenId());
      assertEquals(s.studentNumber(), stored.getString("studentNumber"), s.citizenId());
      assertEquals(s.grade(), stored.getString("grade"), s.citizenId());
    }
  }

  private static Map<String, JsonObject> roll(TestServer server, String token, String school) {
    Map<String, JsonObject> roll = new HashMap<>();
    for (int page = 1; ; page++) {
      JsonObject body = server.get("/api/v1/schools/" + school + "/students?details=true&size=1000&page=" + page, token).bodyAsJsonObject();
      body.getJsonArray("items").forEach(o -> roll.put(((JsonObject) o).getString("citizenId"), (JsonObject) o));
      if (page * 1000 >= body.getLong("total")) return roll;
    }
  }

  @Test
  @Order(2)
  void theWordingSchoolsTypeIsStoredAsCodesAndTheExtraFieldsAreKept(Vertx vertx) throws Exception {
    try (TestServer server = at(vertx, "2023-11-01T10:05:00")) {
      Map<String, JsonObject> a = roll(server, staffA, A);
      JsonObject india = a.get(portal.students().get(1).citizenId());
      assertEquals("99", india.getString("nationality"));
      assertEquals("อินเดีย", india.getString("nationalityOther"));
      JsonObject first = a.get(portal.students().get(0).citizenId());
      assertEquals("09", first.getString("disadvantage"), "เด็กยากจน");
      assertEquals("M", first.getString("sex"));
      assertEquals("เด็กชาย", first.getString("prefix"));
      assertEquals("A", first.getString("bloodGroup"));
      assertEquals("ขอนแก่น", first.getString("province"));
      assertEquals("ยาย", first.getString("guardianRelation"));
      assertEquals("03", a.get(portal.students().get(4).citizenId()).getString("disadvantage"), "เด็กถูกทอดทิ้ง/กำพร้า");
      assertNull(a.get(portal.students().get(2).citizenId()).getString("disadvantage"), "ไม่มี means none");
      JsonObject unknown = a.get(portal.students().get(15).citizenId());
      assertEquals("99", unknown.getString("disadvantage"));
      assertEquals("ยากจนมาก (ครอบครัวแหว่งกลาง)", unknown.getString("disadvantageOther"), "kept for the area to fix");

      Map<String, JsonObject> b = roll(server, staffB, B);
      JsonObject s2 = b.get(inSchool.students().get(2).citizenId());
      assertEquals("08", s2.getString("disability"), "ออทิสติค");
      assertEquals("09", b.get(inSchool.students().get(5).citizenId()).getString("disability"), "บกพร่องซ้อน");
      assertEquals("ม.3", s2.getString("grade"), "มัธยมศึกษาปีที่ 3");
      assertEquals(Ids.citizen(9_000_006), s2.getString("fatherId"));
      assertEquals(12000, s2.getInteger("fatherIncome"));
      assertEquals("0800000002", s2.getString("motherPhone"));
      assertEquals("3/0", s2.getString("houseNo"));
      assertEquals("3/1", s2.getString("currentHouseNo"), "the second address block under the same headers");
      assertEquals("มิตรภาพ", s2.getString("road"));
      assertNull(s2.getString("currentRoad"));
      assertEquals("40000", s2.getString("currentPostcode"));
      assertEquals("Somchai", s2.getString("firstNameEn"));
      assertEquals(2, s2.getInteger("olderBrothers"), "the first sibling set, not the 9s of the second");
      assertEquals(3.5, s2.getDouble("distanceKm"));
      assertEquals("N", s2.getString("lacksUniform"));
      assertEquals("Y", b.get(inSchool.students().get(0).citizenId()).getString("lacksUniform"));
    }
  }

  @Test
  @Order(3)
  void theRollWrittenInTheDmcLayoutUploadsBackWithNothingChanged(Vertx vertx) throws Exception {
    try (TestServer server = at(vertx, "2023-11-01T11:00:00")) {
      for (String[] school : new String[][] {{A, staffA}, {B, staffB}}) {
        var download = server.get("/api/v1/schools/" + school[0] + "/students.xlsx?layout=dmc&details=true", school[1]);
        assertEquals(200, download.statusCode(), download.bodyAsString());
        byte[] bytes = download.body().getBytes();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
          Sheet sheet = wb.getSheetAt(0);
          assertTrue(sheet.getRow(0).getCell(0).getStringCellValue().startsWith("วันและเวลาที่สร้างรายงาน 1 พ.ย. 2566"));
          Row header = sheet.getRow(1);
          List<String> headers = new ArrayList<>();
          header.forEach(c -> headers.add(c.getStringCellValue()));
          assertEquals(36, headers.size());
          assertEquals("เลขประจำตัวนักเรียน", headers.get(2));
          assertEquals("เลขประจำตัวนักเรียน", headers.get(5));
          assertEquals("ยังไม่สามารถจำหน่ายได้ (3.1.8)", headers.get(35));
          assertEquals(STUDENTS + 2, sheet.getPhysicalNumberOfRows());
          Row first = sheet.getRow(2);
          assertEquals(CellType.STRING, first.getCell(2).getCellType(), "IDs as text");
          assertEquals(school[0].substring(2), first.getCell(0).getStringCellValue(), "the 8-digit code");
        }
        JsonObject again = upload(server, school[1], school[0], "students", bytes, 201);
        assertEquals(new JsonObject().put("inserted", 0).put("updated", 0).put("unchanged", STUDENTS),
            again.getJsonObject("changes"), again.getJsonArray("errors").encode());
      }
      // Issue 31 item 3: without details=true the families' columns are left out, and the file still uploads back
      // changing nothing: a column the file lacks keeps what is stored.
      var plain = server.get("/api/v1/schools/" + B + "/students.xlsx?layout=dmc", staffB);
      try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(plain.body().getBytes()))) {
        List<String> headers = new ArrayList<>();
        wb.getSheetAt(0).getRow(1).forEach(c -> headers.add(c.getStringCellValue()));
        assertTrue(headers.size() < 36 && headers.contains("นามสกุล")
            && headers.stream().noneMatch(h -> h.contains("บิดา") || h.contains("มารดา") || h.contains("ผู้ปกครอง")), headers.toString());
      }
      JsonObject plainAgain = upload(server, staffB, B, "students", plain.body().getBytes(), 201);
      assertEquals(0, plainAgain.getJsonObject("changes").getInteger("updated"), plainAgain.encode());
      JsonObject listed = server.get("/api/v1/schools/" + B + "/students?size=5", staffB).bodyAsJsonObject();
      assertTrue(listed.getJsonArray("items").getJsonObject(0).getValue("fatherIncome") == null
          && !listed.encode().contains("fatherId"), "no family fields unless asked");
      var template = server.get("/api/v1/schools/" + B + "/students.xlsx", staffB);
      assertEquals(200, template.statusCode());
      JsonObject again = upload(server, staffB, B, "students", template.body().getBytes(), 201);
      assertEquals(0, again.getJsonObject("changes").getInteger("updated"), "our own template round-trips too");
      assertProblem(server.get("/api/v1/schools/" + B + "/students.xlsx?layout=csv", staffB), 400, "UNKNOWN_LAYOUT");
      // The school's own workbook carries the extra fields too, for the school and its area.
      try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
          server.get("/api/v1/schools/" + B + "/report.xlsx", area).body().getBytes()))) {
        assertEquals(null, wb.getSheet("ข้อมูลเพิ่มเติม (Details)"), "the details sheet only when asked");
      }
      var report = server.get("/api/v1/schools/" + B + "/report.xlsx?details=true", area);
      assertEquals(200, report.statusCode(), report.bodyAsString());
      try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(report.body().getBytes()))) {
        Sheet details = wb.getSheet("ข้อมูลเพิ่มเติม (Details)");
        List<String> headers = new ArrayList<>();
        details.getRow(1).forEach(c -> headers.add(c.getStringCellValue()));
        assertTrue(headers.containsAll(List.of("รายได้บิดา (บาท/เดือน)", "บ้านเลขที่ (ที่อยู่ปัจจุบัน)", "เบอร์โทรมารดา")), headers.toString());
        assertEquals(STUDENTS + 3, details.getPhysicalNumberOfRows(), "title, Thai and English headers, every student");
        Map<String, Row> byId = new HashMap<>();
        for (int r = 3; r <= details.getLastRowNum(); r++) byId.put(details.getRow(r).getCell(0).getStringCellValue(), details.getRow(r));
        Row s2 = byId.get(inSchool.students().get(2).citizenId());
        assertEquals(12000.0, s2.getCell(headers.indexOf("รายได้บิดา (บาท/เดือน)")).getNumericCellValue());
        assertEquals("ไทย", s2.getCell(headers.indexOf("เชื้อชาติ")).getStringCellValue(), "codes written by their labels");
      }
      assertEquals(403, server.get("/api/v1/schools/" + B + "/students.xlsx?layout=dmc", staffA).statusCode());

      // Every read that returned them is audited: who, which school, how many students.
      JsonObject audit = server.get("/api/v1/audit?schoolCode=" + B + "&size=200", admin).bodyAsJsonObject();
      List<JsonObject> reads = audit.getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(e -> "student.details_read".equals(e.getString("action"))).toList();
      assertTrue(reads.stream().anyMatch(e -> "staff.fb".equals(e.getString("actor"))
          && e.getJsonObject("detail").getInteger("students") == STUDENTS), audit.encode());
      assertTrue(reads.stream().anyMatch(e -> e.getString("role").equals("area_staff")
          && e.getJsonObject("detail").getString("what").equals("report.xlsx")), reads.toString());
    }
    // An area office's reads count against its daily disclosure budget, as uploads' disclosures do.
    try (TestServer tight = TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", "2023-11-02T11:00:00+07:00",
        "DMC_DISCLOSURE_DAILY_LIMIT", "1500"))) {
      assertEquals(200, tight.get("/api/v1/schools/" + B + "/students?details=true&size=1000", area).statusCode());
      assertProblem(tight.get("/api/v1/schools/" + A + "/students?details=true&size=1000", area), 429, "DISCLOSURE_LIMIT");
      assertEquals(200, tight.get("/api/v1/schools/" + A + "/students?size=1000", area).statusCode(),
          "the roll without details is not counted");
    }
  }

  @Test
  @Order(4)
  void aRowNamingAnotherSchoolIsRefusedAndTheSchoolsOwnCodesAreNot(Vertx vertx) throws Exception {
    try (TestServer server = at(vertx, "2023-11-01T12:00:00")) {
      Object[] header = {"วันและเวลาที่สร้างรายงาน 01/11/2566 12:00"};
      Object[] columns = {"รหัสโรงเรียน", "เลขประจำตัวนักเรียน", "ชั้น", "ห้อง", "เลขประจำตัวนักเรียน", "เพศ",
          "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "วันเกิด"};
      byte[] file = Workbooks.xlsx(header, columns,
          new Object[] {A.substring(2), Ids.citizen(700_001), "ป.1", "1", "901", "ช", "ด.ช.", "หนึ่ง", "ทดสอบ", "01/02/2560"},
          new Object[] {A_OBEC, Ids.citizen(700_002), "ป.1", "1", "902", "ญ", "ด.ญ.", "สอง", "ทดสอบ", "01/02/2560"},
          new Object[] {B.substring(2), Ids.citizen(700_003), "ป.1", "1", "903", "ช", "ด.ช.", "สาม", "ทดสอบ", "01/02/2560"},
          new Object[] {A, Ids.citizen(700_004), "ป.1", "1", "904", "ญ", "ด.ญ.", "สี่", "ทดสอบ", "01/02/2560"});
      JsonObject refused = upload(server, staffA, A, "students", file, 201);
      assertEquals("rejected", refused.getString("status"));
      assertEquals(List.of(5), rowsOf(refused, "SCHOOL_MISMATCH", "school_code"));
      JsonObject error = refused.getJsonArray("errors").getJsonObject(0);
      assertTrue(error.getString("messageTh").contains("โรงเรียนมัธยมสอง (" + B + ")"), error.encode());
      assertEquals(0, TestDatabase.count(db, "SELECT count(*) FROM student WHERE citizen_id = '" + Ids.citizen(700_001) + "'"),
          "nothing of a refused file is kept");
    }
  }

  @Test
  @Order(5)
  void thePoorStudentsTheSubsidyCountsAreExactlyTheRowsOfเด็กยากจน(Vertx vertx) throws Exception {
    try (TestServer nov10 = at(vertx, "2023-11-10T09:00:00")) {
      Fixtures.user(nov10, admin, "director.fa", "school_director", "schoolCode", A);
      Fixtures.user(nov10, admin, "director.fb", "school_director", "schoolCode", B);
      for (String[] school : new String[][] {{A, staffA, "director.fa"}, {B, staffB, "director.fb"}}) {
        var answered = nov10.post("/api/v1/schools/" + school[0] + "/existence", school[1], new JsonObject().put("all", true));
        assertEquals(200, answered.statusCode(), answered.bodyAsString());
        String director = nov10.login(school[2], Fixtures.PASSWORD);
        var certified = nov10.post("/api/v1/schools/" + school[0] + "/certification", director, null);
        assertEquals(200, certified.statusCode(), certified.bodyAsString());
      }
    }
    try (TestServer nov11 = at(vertx, "2023-11-11T10:00:00")) {
      assertEquals(200, nov11.post("/api/v1/areas/" + AREA + "/acknowledgement", area, null).statusCode());
      var closed = nov11.post("/api/v1/rounds/current/close", admin, null);
      assertEquals(200, closed.statusCode(), closed.bodyAsString());
      JsonObject report = nov11.get("/api/v1/reports/subsidy.json", admin).bodyAsJsonObject();
      JsonArray schools = report.getJsonArray("schools");
      Map<String, Long> poor = new HashMap<>();
      schools.forEach(o -> poor.put(((JsonObject) o).getString("schoolCode"), ((JsonObject) o).getLong("poor")));
      assertEquals(portal.poor(), poor.get(A), report.encode().substring(0, 300));
      assertEquals(inSchool.poor(), poor.get(B));
      assertTrue(portal.poor() > 300, "one row in eight is เด็กยากจน: " + portal.poor());
    }
  }
}
