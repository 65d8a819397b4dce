package th.obec.dmc.upload;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;
import th.obec.dmc.support.Workbooks.Formula;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;
import static th.obec.dmc.support.UploadCalls.rowsOf;
import static th.obec.dmc.support.UploadCalls.upload;

/** A school officer's students workbook, from the template to the roll, with every tolerance and rule. */
@ExtendWith(VertxExtension.class)
class StudentUploadTest {
  private static final Object[] HEADER = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล",
      "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};
  private static final String SCHOOL_A = "1010720001";
  private static final String SCHOOL_B = "1020720001";

  private static TestServer server;
  private static String admin;
  private static String staffA;
  private static String staffB;
  private static String areaA;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    // 1 November 2566: students may be updated (DMC_UPDATE), buildings may not (BOBEC_ENTRY closed 31 Oct).
    server = TestServer.start(vertx, StudentUploadTest.class, Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00"));
    admin = server.adminToken();
    Fixtures.registry(server, admin,
        "1001,สพป.กรุงเทพ เขต 1,สพป.,กรุงเทพมหานคร," + SCHOOL_A + ",โรงเรียนวัดหนึ่ง",
        "2001,สพป.นนทบุรี เขต 1,สพป.,นนทบุรี," + SCHOOL_B + ",โรงเรียนบ้านสอง");
    Fixtures.user(server, admin, "staff.a", "school_staff", "schoolCode", SCHOOL_A);
    Fixtures.user(server, admin, "staff.b", "school_staff", "schoolCode", SCHOOL_B);
    Fixtures.user(server, admin, "area.a", "area_staff", "areaCode", "1001");
    staffA = server.login("staff.a", Fixtures.PASSWORD);
    staffB = server.login("staff.b", Fixtures.PASSWORD);
    areaA = server.login("area.a", Fixtures.PASSWORD);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void theDmcPortalsOwnExportIsReadWithItsWordingAndANumberLeftBlankIsKept() {
    Object[] portal = {"ลำดับ", "เลขบัตรประชาชน", "รหัสนักเรียน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "ชั้นเรียน",
        "ห้องเรียน", "สัญชาติ", "ศาสนา", "หมายเหตุของโรงเรียน"};
    byte[] first = Workbooks.xlsx(portal,
        new Object[] {"1", Ids.citizen(761), "61", "ด.ช.", "หกหนึ่ง", "ใจดี", "ชาย", "01/06/2556", "ป.4", "1", "พม่า", "พุทธ", "ย้ายมา"},
        new Object[] {"2", Ids.citizen(762), "62", "ด.ญ.", "หกสอง", "ใจดี", "หญิง", "01/06/2556", "ป.4", "1", "ไทย", "มุสลิม", ""});
    JsonObject stored = upload(server, staffB, SCHOOL_B, "students", first, 201);
    assertEquals("committed", stored.getString("status"), stored.encodePrettily());
    // A new entrant without a number yet, and a known student whose number is left blank: it stays.
    byte[] again = Workbooks.xlsx(portal,
        new Object[] {"1", Ids.citizen(761), null, "ด.ช.", "หกหนึ่ง", "ใจดี", "ชาย", "01/06/2556", "ป.4", "2", "เมียนมา", "พุทธ", ""},
        new Object[] {"2", Ids.citizen(763), null, "ด.ญ.", "หกสาม", "ใจดี", "หญิง", "01/06/2556", "ป.4", "2", "ลาว", "คริสต์", ""});
    JsonObject second = upload(server, staffB, SCHOOL_B, "students", again, 201);
    assertEquals("committed", second.getString("status"), second.encodePrettily());
    var roll = server.get("/api/v1/schools/" + SCHOOL_B + "/students?room=2&size=10", staffB).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    JsonObject kept = roll.stream().filter(r -> r.getString("citizenId").equals(Ids.citizen(761))).findFirst().orElseThrow();
    assertEquals("61", kept.getString("studentNumber"), "the number already on the roll is kept");
    assertEquals("MM", kept.getString("nationality"));
    assertEquals("1", kept.getString("religion"));
    JsonObject entrant = roll.stream().filter(r -> r.getString("citizenId").equals(Ids.citizen(763))).findFirst().orElseThrow();
    assertEquals(null, entrant.getString("studentNumber"));
    assertEquals("LA", entrant.getString("nationality"));

    String removal = "เลขประจำตัวประชาชน,ประเภทการเคลื่อนย้าย,วันที่,เหตุผล\n" + Ids.citizen(762) + ",จำหน่าย,01/11/2566,จบการศึกษา\n";
    JsonObject graduated = upload(server, staffB, SCHOOL_B, "movements", removal.getBytes(StandardCharsets.UTF_8), 201);
    assertEquals(List.of(2), rowsOf(graduated, "UNKNOWN_CODE", "reason"), "graduation is not a removal schools upload");
  }

  private static Object[] student(long n, String first, String grade) {
    return new Object[] {Ids.citizen(n), String.format("%05d", n), "เด็กชาย", first, "ใจดี", "ช", "13/05/2555", grade, "1"};
  }

  @Test
  void theTemplateIsFilledInAndUploadedAndTheRollShowsIt() throws Exception {
    var r = server.get("/api/v1/templates/students.xlsx", staffA);
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Disposition").contains("filename*=UTF-8''%E0%B9%81"), r.getHeader("Content-Disposition"));
    byte[] filled;
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      XSSFSheet sheet = wb.getSheetAt(0);
      assertEquals("ข้อมูลนักเรียน", sheet.getSheetName());
      assertEquals("เลขประจำตัวประชาชน *", sheet.getRow(0).getCell(0).getStringCellValue());
      assertEquals("Citizen ID", sheet.getRow(1).getCell(0).getStringCellValue());
      assertEquals(2, sheet.getPaneInformation().getHorizontalSplitPosition());
      assertEquals("@", sheet.getColumnStyle(0).getDataFormatString(), "IDs are text");
      assertTrue(sheet.getDataValidations().size() >= 5, "drop-downs for code columns");
      assertNotNull(wb.getSheet("คำอธิบาย (Instructions)"));
      assertNotNull(wb.getSheet("รายการรหัส (Codes)"));
      Object[][] rows = {student(1, "สมชาย", "ป.1"), student(2, "สมหมาย", "ป.1")};
      for (int i = 0; i < rows.length; i++) {
        var row = sheet.createRow(2 + i);
        for (int c = 0; c < rows[i].length; c++) row.createCell(c).setCellValue(rows[i][c].toString());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      filled = out.toByteArray();
    }
    JsonObject result = upload(server, staffA, SCHOOL_A, "students", filled, 201);
    assertEquals("committed", result.getString("status"), result.encodePrettily());
    assertEquals(2, result.getJsonObject("rows").getInteger("read"));
    assertEquals(2, result.getJsonObject("changes").getInteger("inserted"));

    JsonObject page = server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ป.1") + "&size=10", staffA).bodyAsJsonObject();
    assertEquals(2, page.getLong("total"));
    JsonObject first = page.getJsonArray("items").getJsonObject(0);
    assertEquals(Ids.citizen(1), first.getString("citizenId"));
    assertEquals("สมชาย", first.getString("firstName"));
    assertEquals("2012-05-13", first.getString("birthDate"));
    assertEquals("ป.1", first.getString("grade"));
    assertEquals("M", first.getString("sex"));
    assertEquals(200, server.get("/api/v1/uploads/" + result.getString("id"), areaA).statusCode());
  }

  @Test
  void whatSchoolsReallySendIsRead() {
    byte[] xlsx = Workbooks.xlsx(
        new Object[] {"ข้อมูลนักเรียน โรงเรียนวัดหนึ่ง ภาคเรียนที่ ๒/๒๕๖๖"},
        new Object[] {},
        new Object[] {"ชั้น", "ห้อง", "ชื่อ", "นามสกุล", " เลขประจำตัวประชาชน\nCitizen ID ", "SEX", "คำนำหน้าชื่อ", "เลขประจำตัวนักเรียน", "วันเดือนปีเกิด"},
        new Object[] {"ประถมศึกษาปีที่ 5", 2, "ดวงใจ ", "รักเรียน", Long.parseLong(Ids.citizen(11)), "หญิง", "ด.ญ.", "10011", LocalDate.of(2013, 1, 2)},
        new Object[] {},
        new Object[] {"ป 5", "๒", "ดวงดาว", "รักเรียน", dashed(Ids.citizen(12)), "F", "เด็กหญิง", "10012", "๐๒/๐๑/๒๕๕๖"},
        new Object[] {"ป5", new Formula("1+1"), "ดวงเดือน", "รักเรียน", Ids.citizen(13), "ญ", "เด็กหญิง", "10013", "2/1/2013"},
        new Object[] {"ป.5", "2", "ดวงแข", "ไร้สัญชาติ", "g 556 301 234 567", "ญ", "เด็กหญิง", "10014", "02-01-2556"});
    JsonObject result = upload(server, staffA, SCHOOL_A, "students", xlsx, 201);
    assertEquals("committed", result.getString("status"), result.encodePrettily());
    assertEquals(4, result.getJsonObject("changes").getInteger("inserted"));
    var items = server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ป.5"), staffA).bodyAsJsonObject().getJsonArray("items");
    assertEquals(4, items.size());
    assertEquals("G556301234567", items.getJsonObject(3).getString("citizenId"), "a G-code, with spaces and in lower case");
    for (int i = 0; i < 3; i++) {
      JsonObject s = items.getJsonObject(i);
      assertEquals("2013-01-02", s.getString("birthDate"), s.encode());
      assertEquals("2", s.getString("room"), s.encode());
      assertEquals("F", s.getString("sex"));
      assertEquals("เด็กหญิง", s.getString("prefix"));
      assertEquals(Ids.citizen(11 + i), s.getString("citizenId"));
    }
    assertEquals("ดวงใจ", items.getJsonObject(0).getString("firstName"), "trailing spaces trimmed");
  }

  /**
   * The template's 15 columns as openpyxl writes them: inline strings whose Thai letters are numeric character
   * references, blank cells as empty inline strings, weight and height as numbers.
   */
  @Test
  void aWorkbookWrittenByOpenpyxlIsRead() {
    var spec = th.obec.dmc.sheet.SheetSpecs.load("students").forTemplate();
    byte[] xlsx = th.obec.dmc.support.OpenpyxlWorkbook.write(spec.sheetNameTh(),
        spec.columns().stream().map(th.obec.dmc.sheet.ColumnSpec::headerTh).toList(), 2, r -> List.of(
            Ids.citizen(31 + r), "3000" + r, "เด็กชาย", "ก้องภพ & <" + r + ">", "ศรีสุข", "ช", "0" + (r + 1) + "/05/2556",
            "ป.4", "1", "ไทย", "พุทธ", "", "", r == 0 ? 30.5 : 41, 140));
    JsonObject result = upload(server, staffA, SCHOOL_A, "students", xlsx, 201);
    assertEquals(2, result.getJsonObject("changes").getInteger("inserted"), result.encodePrettily());
    var items = server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ป.4"), staffA).bodyAsJsonObject()
        .getJsonArray("items");
    assertEquals(2, items.size(), items.encode());
    JsonObject first = items.getJsonObject(0);
    assertEquals("ก้องภพ & <0>", first.getString("firstName"), "character references and escapes read back as text");
    assertEquals("2013-05-01", first.getString("birthDate"));
    assertEquals(Ids.citizen(31), first.getString("citizenId"));
    assertEquals(30.5, Double.parseDouble(String.valueOf(first.getValue("weightKg"))), first.encode());
    assertEquals(41.0, Double.parseDouble(String.valueOf(items.getJsonObject(1).getValue("weightKg"))));
    assertEquals(140.0, Double.parseDouble(String.valueOf(first.getValue("heightCm"))));
    assertNull(first.getValue("disadvantage"), "an empty inline string is a blank cell");
  }

  @Test
  void anOldXlsIsReadLikeAnXlsx() {
    byte[] xls = Workbooks.xls(HEADER,
        new Object[] {Long.parseLong(Ids.citizen(101)), 101, "นาย", "หนึ่งร้อยเอ็ด", "ใจดี", "ช", LocalDate.of(2008, 5, 13), "ม.3", new Formula("1+2")});
    JsonObject result = upload(server, staffA, SCHOOL_A, "students", xls, 201);
    assertEquals("committed", result.getString("status"), result.encodePrettily());
    JsonObject s = server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ม.3") + "&room=3", staffA)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertEquals(Ids.citizen(101), s.getString("citizenId"));
    assertEquals("101", s.getString("studentNumber"));
    assertEquals("2008-05-13", s.getString("birthDate"));
  }

  @Test
  void everyRuleIsReportedWithItsCodeAndExcelRowAndNothingIsSaved() throws Exception {
    byte[] xlsx = Workbooks.xlsx(
        HEADER,
        student(21, "หนึ่ง", "ป.3"),                                                                          // row 2: good
        new Object[] {Ids.mistyped(22), "22", "เด็กชาย", "สอง", "ดี", "ช", "13/05/2558", "ป.3", "1"},           // 3 checksum
        new Object[] {"12345", "23", "เด็กชาย", "สาม", "ดี", "ช", "13/05/2558", "ป.3", "1"},                     // 4 format
        new Object[] {Ids.citizen(24), "24", "เด็กชาย", "สี่", "ดี", "ช", "13/05/2558", "ป.9", "1"},             // 5 grade
        new Object[] {Ids.citizen(25), "25", "เด็กหญิง", "ห้า", "ดี", "ช", "13/05/2558", "ป.3", "1"},            // 6 prefix vs sex
        new Object[] {Ids.citizen(26), "26", "เด็กชาย", "หก", "ดี", "ช", "13/05/2570", "ป.3", "1"},              // 7 future
        new Object[] {Ids.citizen(27), "27", "เด็กชาย", "เจ็ด", "ดี", "ช", "13/05/2520", "ป.3", "1"},            // 8 age
        student(21, "ซ้ำ", "ป.3"),                                                                           // 9 duplicate
        new Object[] {Ids.citizen(29), "29", "เด็กชาย", null, "ดี", "ช", "13/05/2558", "ป.3", "1"},              // 10 required
        new Object[] {Ids.citizen(30), "30", "เด็กชาย", "สิบ", "ดี", "ช", "31/02/2558", "ป.3", "1"});            // 11 date
    JsonObject result = upload(server, staffA, SCHOOL_A, "students", xlsx, 201);
    assertEquals("rejected", result.getString("status"));
    assertEquals(10, result.getJsonObject("rows").getInteger("read"));
    assertEquals(8, result.getJsonObject("rows").getInteger("invalid"), "an implausible age is a warning, not an error");
    assertEquals(List.of(3), rowsOf(result, "INVALID_ID_CHECKSUM", "citizen_id"));
    assertEquals(List.of(4), rowsOf(result, "INVALID_ID_FORMAT", "citizen_id"));
    assertEquals(List.of(5), rowsOf(result, "UNKNOWN_CODE", "grade"));
    assertEquals(List.of(6), rowsOf(result, "PREFIX_SEX_MISMATCH", "prefix"));
    assertEquals(List.of(7), rowsOf(result, "BIRTH_DATE_IN_FUTURE", "birth_date"));
    assertEquals(List.of(8), th.obec.dmc.support.UploadCalls.warningRowsOf(result, "AGE_IMPLAUSIBLE_FOR_GRADE", "birth_date"));
    assertEquals(List.of(9), rowsOf(result, "DUPLICATE_IN_FILE", "citizen_id"));
    assertEquals(List.of(10), rowsOf(result, "REQUIRED", "first_name"));
    assertEquals(List.of(11), rowsOf(result, "INVALID_DATE", "birth_date"));
    JsonObject group = result.getJsonArray("errors").getJsonObject(0);
    assertTrue(group.getString("messageTh").codePoints().anyMatch(c -> c >= 0x0E00 && c <= 0x0E7F));
    assertEquals(0L, server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ป.3"), staffA).bodyAsJsonObject().getLong("total"));

    // The errors workbook: the rejected rows, shaded and commented; fixed and sent back, it is accepted.
    var errors = server.get("/api/v1/uploads/" + result.getString("id") + "/errors.xlsx", staffA);
    assertEquals(200, errors.statusCode(), errors.bodyAsString());
    byte[] fixed;
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(errors.body().getBytes()))) {
      Sheet sheet = wb.getSheetAt(0);
      assertEquals(9, sheet.getLastRowNum() - 1, "eight rejected rows and one warned, under two header rows");
      var checksumRow = sheet.getRow(2);
      assertEquals(3, (int) checksumRow.getCell(16).getNumericCellValue(), "original row number");
      assertTrue(checksumRow.getCell(15).getStringCellValue().contains("เลขตรวจสอบ"), checksumRow.getCell(15).getStringCellValue());
      assertNotNull(checksumRow.getCell(0).getCellComment(), "the bad cell carries the reason");
      assertTrue(checksumRow.getCell(0).getCellStyle().getFillPattern() != org.apache.poi.ss.usermodel.FillPatternType.NO_FILL);
      String[][] fixes = {
          {Ids.citizen(22), null, null, null}, {Ids.citizen(23), null, null, null}, {null, "ป.3", null, null},
          {null, null, "เด็กชาย", null}, {null, null, null, "13/05/2558"}, {null, null, null, "13/05/2558"},
          {Ids.citizen(28), null, null, null}, {null, null, null, null}, {null, null, null, "28/02/2558"}};
      for (int i = 0; i < fixes.length; i++) {
        var row = sheet.getRow(2 + i);
        if (fixes[i][0] != null) row.getCell(0).setCellValue(fixes[i][0]);
        if (fixes[i][1] != null) row.getCell(7).setCellValue(fixes[i][1]);
        if (fixes[i][2] != null) row.getCell(2).setCellValue(fixes[i][2]);
        if (fixes[i][3] != null) row.getCell(6).setCellValue(fixes[i][3]);
      }
      sheet.getRow(9).getCell(3).setCellValue("เก้า");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      fixed = out.toByteArray();
    }
    JsonObject again = upload(server, staffA, SCHOOL_A, "students", fixed, 201);
    assertEquals("committed", again.getString("status"), again.encodePrettily());
    assertEquals(9, again.getJsonObject("changes").getInteger("inserted"));
  }

  /**
   * Issue 19 item 6: a movements file naming a child on another school's roll is a disclosure, audited like a
   * roll's; and past the account's daily limit nothing is named: 429 DISCLOSURE_LIMIT, audited and counted.
   */
  @Test
  void movementDisclosuresAreAuditedAndCappedPerAccountPerDay(Vertx vertx) throws Exception {
    Object[][] roll = new Object[5][];
    roll[0] = HEADER;
    for (int i = 1; i <= 4; i++) roll[i] = student(800 + i, "อยู่ที่เอ", "ป.6");
    upload(server, staffA, SCHOOL_A, "students", Workbooks.xlsx(roll), 201);
    String csv = "เลขประจำตัวประชาชน,ประเภทการเคลื่อนย้าย,วันที่,เหตุผล,รหัสโรงเรียนอื่น\n"
        + Ids.citizen(801) + ",ย้ายเข้า,31/10/2566,," + SCHOOL_A + "\n";
    var named = server.postBytes("/api/v1/schools/" + SCHOOL_B + "/uploads?kind=movements&dryRun=true", staffB,
        csv.getBytes(StandardCharsets.UTF_8));
    assertTrue(named.bodyAsString().contains("ACTIVE_IN_OTHER_SCHOOL"), named.bodyAsString());
    var audited = server.get("/api/v1/audit?schoolCode=" + SCHOOL_B, admin).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("action").equals("student.disclosed_other_school")
            && "movements".equals(e.getJsonObject("detail").getString("kind"))).toList();
    assertEquals(1, audited.size(), audited.toString());
    assertEquals(Ids.citizen(801), audited.get(0).getJsonObject("detail").getJsonArray("students").getJsonObject(0)
        .getString("citizenId"));

    // A node with a daily limit of three: the same child again costs nothing, four distinct children are refused.
    try (TestServer capped = TestServer.start(vertx, server.db, server.dataDir, Map.of("DMC_CLOCK",
        "2023-11-10T09:00:00+07:00", "DMC_DISCLOSURE_DAILY_LIMIT", "3"))) {
      byte[] two = Workbooks.xlsx(HEADER, student(801, "ซ้ำ", "ป.6"), student(802, "ซ้ำ", "ป.6"));
      assertEquals(200, capped.postBytes("/api/v1/schools/" + SCHOOL_B + "/uploads?kind=students&dryRun=true", staffB,
          two).statusCode());
      byte[] four = Workbooks.xlsx(roll);
      var refused = capped.postBytes("/api/v1/schools/" + SCHOOL_B + "/uploads?kind=students&dryRun=true", staffB, four);
      assertProblem(refused, 429, "DISCLOSURE_LIMIT");
      assertNotNull(refused.getHeader("Retry-After"));
      assertFalse(refused.bodyAsString().contains(Ids.citizen(803)), "nothing is named past the limit");
      assertTrue(capped.get("/api/v1/audit?schoolCode=" + SCHOOL_B, admin).bodyAsString()
          .contains("student.disclosure_limit"));
      assertTrue(capped.get("/metrics", null).bodyAsString().matches("(?s).*\\ndmc_disclosure_limit_total\\{[^}]*} 1\\.0\\n.*"));
    }
  }

  @Test
  void aStudentOnAnotherSchoolsRollMustBeMovedOutFirst() {
    byte[] rollA = Workbooks.xlsx(HEADER, student(41, "ย้ายไป", "ป.2"));
    upload(server, staffA, SCHOOL_A, "students", rollA, 201);
    byte[] rollB = Workbooks.xlsx(HEADER, student(41, "ย้ายมา", "ป.2"));
    JsonObject refused = upload(server, staffB, SCHOOL_B, "students", rollB, 201);
    assertEquals("rejected", refused.getString("status"));
    assertEquals(List.of(2), rowsOf(refused, "ACTIVE_IN_OTHER_SCHOOL", "citizen_id"));
    String message = refused.getJsonArray("errors").getJsonObject(0).getString("messageTh");
    assertTrue(message.contains("โรงเรียนวัดหนึ่ง") && message.contains("1001"), message);
    // Naming the other school is a disclosure: audited with who asked, which ID and which school, dry runs too.
    var dry = server.postBytes("/api/v1/schools/" + SCHOOL_B + "/uploads?kind=students&dryRun=true", staffB, rollB);
    assertEquals(200, dry.statusCode(), dry.bodyAsString());
    var disclosures = server.get("/api/v1/audit?schoolCode=" + SCHOOL_B, admin).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("action").equals("student.disclosed_other_school")).toList();
    assertEquals(2, disclosures.size(), disclosures.toString());
    JsonObject disclosed = disclosures.get(0).getJsonObject("detail").getJsonArray("students").getJsonObject(0);
    assertEquals(Ids.citizen(41), disclosed.getString("citizenId"));
    assertEquals(SCHOOL_A, disclosed.getString("schoolCode"));
    assertEquals("staff.b", disclosures.get(0).getString("actor"));

    String csv = "เลขประจำตัวประชาชน,ประเภทการเคลื่อนย้าย,วันที่,เหตุผล,รหัสโรงเรียนอื่น\n"
        + Ids.citizen(41) + ",ย้ายออก,31/10/2566,," + SCHOOL_B + "\n";
    JsonObject moved = upload(server, staffA, SCHOOL_A, "movements", csv.getBytes(StandardCharsets.UTF_8), 201);
    assertEquals("committed", moved.getString("status"), moved.encodePrettily());
    assertEquals(1, moved.getJsonObject("changes").getInteger("updated"), "one student left the roll");

    JsonObject accepted = upload(server, staffB, SCHOOL_B, "students", rollB, 201);
    assertEquals("committed", accepted.getString("status"), accepted.encodePrettily());
    var movedOut = server.get("/api/v1/schools/" + SCHOOL_A + "/students?status=moved_out", staffA).bodyAsJsonObject();
    assertEquals(Ids.citizen(41), movedOut.getJsonArray("items").getJsonObject(0).getString("citizenId"));
  }

  @Test
  void movementsFollowTheirRules() {
    upload(server, staffA, SCHOOL_A, "students", Workbooks.xlsx(HEADER, student(51, "ห้าสิบเอ็ด", "ป.4")), 201);
    upload(server, staffB, SCHOOL_B, "students", Workbooks.xlsx(HEADER, student(52, "ห้าสิบสอง", "ป.4")), 201);
    String csv = "citizen_id,movement,movement_date,reason\n"
        + Ids.citizen(51) + ",จำหน่าย,01/11/2566,\n"        // row 2: removal without reason
        + Ids.citizen(59) + ",move_out,01/11/2566,\n"       // row 3: not on the roll
        + Ids.citizen(51) + ",ย้ายเข้า,01/11/2566,\n"       // row 4: already on the roll
        + Ids.citizen(52) + ",ย้ายเข้า,01/11/2566,\n"       // row 5: still on school B's roll
        + Ids.citizen(53) + ",เข้าชั้นต่างสังกัด,02/11/2566,\n" // row 6: after "today" (1 Nov)
        + Ids.citizen(51) + ",ย้ายออก,01/11/2566,\n"        // row 7: good
        + Ids.citizen(51) + ",ย้ายออก,01/11/2566,\n";       // row 8: the same movement again
    JsonObject result = upload(server, staffA, SCHOOL_A, "movements", csv.getBytes(StandardCharsets.UTF_8), 201);
    assertEquals("rejected", result.getString("status"));
    assertEquals(List.of(2), rowsOf(result, "REASON_REQUIRED", "reason"));
    assertEquals(List.of(3), rowsOf(result, "NOT_ON_ROLL", "citizen_id"));
    assertEquals(List.of(4), rowsOf(result, "ALREADY_ON_ROLL", "citizen_id"));
    assertEquals(List.of(5), rowsOf(result, "ACTIVE_IN_OTHER_SCHOOL", "citizen_id"));
    assertEquals(List.of(6), rowsOf(result, "DATE_IN_FUTURE", "movement_date"));
    assertEquals(List.of(8), rowsOf(result, "DUPLICATE_IN_FILE", "citizen_id"));

    // ถึงแก่กรรม is how schools word death as a removal cause.
    String removal = "citizen_id,movement,movement_date,reason\n" + Ids.citizen(51) + ",จำหน่าย,01/11/2566,ถึงแก่กรรม\n";
    assertEquals("committed", upload(server, staffA, SCHOOL_A, "movements", removal.getBytes(StandardCharsets.UTF_8), 201)
        .getString("status"));
    var removed = server.get("/api/v1/schools/" + SCHOOL_A + "/students?status=removed", staffA).bodyAsJsonObject();
    assertEquals(Ids.citizen(51), removed.getJsonArray("items").getJsonObject(0).getString("citizenId"));
  }

  /** Files longer than one streamed batch: the rows are written while the file is read, all or nothing. */
  @Test
  void aFileOfSeveralBatchesIsWrittenWholeOrNotAtAll() throws Exception {
    int rows = 2 * StreamedRows.BATCH + 5_000;
    Object[][] sheet = new Object[rows + 1][];
    sheet[0] = HEADER;
    for (int i = 1; i <= rows; i++) sheet[i] = student(1_000_000L + i, "แถว" + i, "ป.6");
    String inFile = "SELECT count(*) FROM student WHERE school_code = '" + SCHOOL_B + "' AND citizen_id LIKE '110171%'";

    // An error in the last batch, after two batches were already written into the transaction: nothing stays.
    Object[] last = sheet[rows];
    sheet[rows] = new Object[] {last[0], last[1], last[2], last[3], last[4], last[5], last[6], "ป.99", last[8]};
    JsonObject late = upload(server, staffB, SCHOOL_B, "students", Workbooks.xlsx(sheet), 201);
    assertEquals("rejected", late.getString("status"), late.encode());
    assertEquals(List.of(rows + 1), rowsOf(late, "UNKNOWN_CODE", "grade"), late.encode());
    assertEquals(0, TestDatabase.count(server.db, inFile));

    // A student twice, the second time two batches later: found, and nothing stays.
    sheet[rows] = last;
    sheet[rows - 10] = student(1_000_003L, "ซ้ำ", "ป.6");
    JsonObject repeated = upload(server, staffB, SCHOOL_B, "students", Workbooks.xlsx(sheet), 201);
    assertEquals(List.of(rows - 10 + 1), rowsOf(repeated, "DUPLICATE_IN_FILE", "citizen_id"), repeated.encode());
    assertEquals(0, TestDatabase.count(server.db, inFile));

    sheet[rows - 10] = student(1_000_000L + rows - 10, "แถว" + (rows - 10), "ป.6");
    JsonObject whole = upload(server, staffB, SCHOOL_B, "students", Workbooks.xlsx(sheet), 201);
    assertEquals("committed", whole.getString("status"), whole.encode());
    assertEquals(rows, whole.getJsonObject("changes").getInteger("inserted"), whole.encode());
    assertEquals(rows, TestDatabase.count(server.db, inFile));
  }

  @Test
  void theSameFileTwiceChangesNothingAndADryRunSavesNothing() {
    byte[] file = Workbooks.xlsx(HEADER, student(61, "หกสิบเอ็ด", "ม.1"), student(62, "หกสิบสอง", "ม.1"));
    for (int i = 0; i < 2; i++) {
      var dry = server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students&dryRun=true", staffA, file);
      assertEquals(200, dry.statusCode(), dry.bodyAsString());
      assertEquals("validated", dry.bodyAsJsonObject().getString("status"));
    }
    assertEquals(0L, server.get("/api/v1/schools/" + SCHOOL_A + "/students?grade=" + q("ม.1"), staffA).bodyAsJsonObject().getLong("total"));

    var first = server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", staffA, file);
    assertEquals(201, first.statusCode());
    assertEquals("/api/v1/uploads/" + first.bodyAsJsonObject().getString("id"), first.getHeader("Location"));
    var second = server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", staffA, file);
    assertEquals(200, second.statusCode());
    assertEquals(first.bodyAsJsonObject(), second.bodyAsJsonObject(), "the first answer, again");

    // The same rows in a different file: nothing new, nothing changed.
    byte[] same = Workbooks.xlsx(HEADER, student(62, "หกสิบสอง", "ม.1"), student(61, "หกสิบเอ็ด", "ม.1"));
    JsonObject unchanged = upload(server, staffA, SCHOOL_A, "students", same, 201).getJsonObject("changes");
    assertEquals(new JsonObject().put("inserted", 0).put("updated", 0).put("unchanged", 2), unchanged);
  }

  @Test
  void respondAsyncAnswersAtOnceAndTheStatusShowsTheEnd() throws Exception {
    byte[] file = Workbooks.xlsx(HEADER, student(71, "เจ็ดสิบเอ็ด", "ม.2"));
    var r = server.postBytesWithHeader("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", staffA, file,
        "Prefer", "respond-async");
    assertEquals(202, r.statusCode(), r.bodyAsString());
    String location = r.getHeader("Location");
    String status = "queued";
    for (int i = 0; i < 100 && !status.equals("committed"); i++) {
      TimeUnit.MILLISECONDS.sleep(100);
      status = server.get(location, staffA).bodyAsJsonObject().getString("status");
    }
    assertEquals("committed", status);
  }

  /**
   * Issue 19 item 9: one account holds at most two places in the sheets queue (DMC_SHEET_PER_ACCOUNT); its third
   * job is 429 TOO_MANY_JOBS with Retry-After while another school's upload goes ahead.
   */
  @Test
  void oneAccountHoldsAtMostTwoSheetJobsAndOthersAreNotHeldUp() throws Exception {
    Object[][] rows = new Object[40_001][];
    rows[0] = HEADER;
    for (int i = 1; i < rows.length; i++) rows[i] = student(700_000 + i, "ทดลอง", "ป.1");
    byte[] big = Workbooks.xlsx(rows);
    String path = "/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students&dryRun=true";
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var r = server.postBytesWithHeader(path, staffA, big, "Prefer", "respond-async");
      assertEquals(202, r.statusCode(), r.bodyAsString());
      running.add(r.getHeader("Location"));
    }
    var third = server.postBytesWithHeader(path, staffA, big, "Prefer", "respond-async");
    assertProblem(third, 429, "TOO_MANY_JOBS");
    assertNotNull(third.getHeader("Retry-After"));
    byte[] small = Workbooks.xlsx(HEADER, student(790_001, "อื่น", "ป.1"));
    assertEquals(200, server.postBytes("/api/v1/schools/" + SCHOOL_B + "/uploads?kind=students&dryRun=true", staffB,
        small).statusCode(), "another school is not held up");
    for (String location : running) {
      String status = "queued";
      for (int i = 0; i < 600 && (status.equals("queued") || status.equals("running")); i++) {
        TimeUnit.MILLISECONDS.sleep(100);
        status = server.get(location, staffA).bodyAsJsonObject().getString("status");
      }
      assertTrue(status.equals("validated") || status.equals("rejected"), status);
    }
    assertEquals(200, server.postBytes(path, staffA, small).statusCode(), "its places are free again");
  }

  @Test
  void outsideTheUpdateWindowOnlyADryRunIsAllowed(Vertx vertx) throws Exception {
    try (TestServer late = TestServer.start(vertx, server.db, server.dataDir, Map.of("DMC_CLOCK", "2023-11-10T16:30:00+07:00"))) {
      byte[] file = Workbooks.xlsx(HEADER, student(81, "แปดสิบเอ็ด", "ม.3"));
      JsonObject p = assertProblem(late.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", staffA, file),
          409, "PHASE_CLOSED");
      assertEquals("DMC_UPDATE", p.getString("phase"));
      assertEquals(200, late.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students&dryRun=true", staffA, file)
          .statusCode());
    }
  }

  @Test
  void onlyTheSchoolsOwnStaffUploadStudents() {
    byte[] file = Workbooks.xlsx(HEADER, student(91, "เก้าสิบเอ็ด", "ม.3"));
    assertProblem(server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", staffB, file), 403, "OUT_OF_SCOPE");
    assertProblem(server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=students", areaA, file), 403, "ROLE_NOT_ALLOWED");
    assertProblem(server.postBytes("/api/v1/schools/" + SCHOOL_A + "/uploads?kind=pupils", staffA, file), 400, "UNKNOWN_KIND");
    assertProblem(server.get("/api/v1/uploads/00000000-0000-0000-0000-000000000000", staffA), 404, "UPLOAD_NOT_FOUND");
  }

  private static String q(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String dashed(String id) {
    return id.charAt(0) + "-" + id.substring(1, 5) + "-" + id.substring(5, 10) + "-" + id.substring(10, 12) + "-" + id.charAt(12);
  }
}
