package th.obec.dmc.existence;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;
import static th.obec.dmc.support.UploadCalls.upload;

/** A whole round on the drill clock: October updates, 10 November, 11 November, and every refusal outside its window. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeRoundTest {
  private static final String A = "1040010001";
  private static final String B = "1040010002";
  private static final String AREA = "4001";
  private static final Object[] HEADER = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล",
      "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};

  // One round walked step by step: each step is a test named for its moment, so a failure says which broke.
  private String staffA;
  private String directorA;
  private String area;
  private String admin;
  private String staffB;

  private final DatabaseUrl db = TestDatabase.fresh(WholeRoundTest.class);
  private final Path data;

  WholeRoundTest() throws Exception {
    data = th.obec.dmc.support.ClassResources.folder(WholeRoundTest.class, "dmc-round");
  }

  private TestServer at(Vertx vertx, String bangkokTime) throws Exception {
    return TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", bangkokTime + "+07:00"));
  }

  private static Object[] student(int n, String grade, String room, String sex) {
    return new Object[] {Ids.citizen(500 + n), "S" + n, sex.equals("ช") ? "เด็กชาย" : "เด็กหญิง", "นักเรียน" + n, "ทดสอบ",
        sex, "10/06/2560", grade, room};
  }

  /** October: the roll and the registry are updated; the 10 November actions are refused. */
  @Test
  @Order(1)
  void october(Vertx vertx) throws Exception {
    try (TestServer october = at(vertx, "2023-10-20T10:00:00")) {
      admin = october.adminToken();
      Fixtures.registry(october, admin, AREA + ",สพป.ขอนแก่น เขต 1,สพป.,ขอนแก่น," + A + ",โรงเรียนบ้านหนึ่ง",
          AREA + ",สพป.ขอนแก่น เขต 1,สพป.,ขอนแก่น," + B + ",โรงเรียนบ้านสอง");
      Fixtures.user(october, admin, "staff.r", "school_staff", "schoolCode", A);
      Fixtures.user(october, admin, "director.r", "school_director", "schoolCode", A);
      Fixtures.user(october, admin, "staff.rb", "school_staff", "schoolCode", B);
      Fixtures.user(october, admin, "area.r", "area_staff", "areaCode", AREA);
      staffA = october.login("staff.r", Fixtures.PASSWORD);
      directorA = october.login("director.r", Fixtures.PASSWORD);
      area = october.login("area.r", Fixtures.PASSWORD);
      staffB = october.login("staff.rb", Fixtures.PASSWORD);
      Object[] formulaLike = student(5, "ป.2", "1", "ช");
      formulaLike[4] = "=1+2";
      JsonObject refused = upload(october, staffA, A, "students", Workbooks.xlsx(HEADER, formulaLike), 201);
      assertEquals("FORMULA_PREFIX", refused.getJsonArray("errors").getJsonObject(0).getString("code"), refused.encode());
      // The errors workbook shows what was typed, as text with Excel's quote prefix, never as a formula.
      try (var errors = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(october.get(
          "/api/v1/uploads/" + refused.getString("id") + "/errors.xlsx", staffA).body().getBytes()))) {
        var typed = errors.getSheetAt(0).getRow(2).getCell(4);
        assertEquals("=1+2", typed.getStringCellValue());
        assertTrue(typed.getCellStyle().getQuotePrefixed(), "quote-prefixed text");
      }
      upload(october, staffA, A, "students", Workbooks.xlsx(HEADER, student(1, "ป.1", "1", "ช"), student(2, "ป.1", "1", "ญ"),
          student(3, "ป.1", "2", "ช"), student(4, "ป.2", "1", "ญ"), student(5, "ป.2", "1", "ช")), 201);
      // A name stored before the rule existed must still reach every workbook as text, never as a formula.
      th.obec.dmc.support.TestDatabase.sql(october.db,
          "UPDATE student SET last_name = '=1+2' WHERE citizen_id = '" + Ids.citizen(505) + "'");
      try (var roll = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(october.get(
          "/api/v1/schools/" + A + "/students.xlsx", staffA).body().getBytes()))) {
        var sheet = roll.getSheetAt(0);
        var cell = java.util.stream.IntStream.rangeClosed(2, sheet.getLastRowNum()).mapToObj(r -> sheet.getRow(r).getCell(4))
            .filter(c -> c != null && "=1+2".equals(c.getStringCellValue())).findFirst().orElseThrow();
        assertTrue(cell.getCellStyle().getQuotePrefixed(), "the roll in the template layout keeps it text");
      }
      // Student 6 at B has student 1's name and birth date under another ID: one child on two rolls.
      Object[] twin = student(6, "ป.1", "1", "ช");
      twin[3] = "นักเรียน1";
      upload(october, staffB, B, "students", Workbooks.xlsx(HEADER, twin), 201);
      JsonObject dup = october.get("/api/v1/areas/" + AREA + "/duplicates", area).bodyAsJsonObject();
      assertEquals(2, dup.getInteger("total"), dup.encode());
      JsonObject pair = dup.getJsonArray("items").getJsonObject(0);
      assertEquals(Ids.citizen(501), pair.getString("citizenId"));
      assertEquals(Ids.citizen(506), pair.getString("otherCitizenId"));
      assertEquals("โรงเรียนบ้านสอง", pair.getString("otherSchoolName"));
      var dupBook = october.get("/api/v1/areas/" + AREA + "/duplicates.xlsx", area);
      assertEquals(200, dupBook.statusCode());
      try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(dupBook.body().getBytes()))) {
        assertEquals(Ids.citizen(501), wb.getSheetAt(0).getRow(2).getCell(0).getStringCellValue());
        assertEquals("เลขประจำตัวที่โรงเรียนอื่น", wb.getSheetAt(0).getRow(0).getCell(6).getStringCellValue());
      }
      // Issue 19 item 14: each read of other schools' pupils, page or workbook, is audited with those schools.
      var reads = october.get("/api/v1/audit?areaCode=" + AREA, admin).bodyAsJsonObject().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(e -> e.getString("action").equals("area.duplicates_read")).toList();
      assertEquals(2, reads.size(), reads.toString());
      assertTrue(reads.get(0).getJsonObject("detail").getJsonArray("otherSchools").contains(B), reads.toString());

      assertProblem(october.post("/api/v1/schools/" + A + "/existence", staffA, new JsonObject().put("all", true)), 409, "PHASE_CLOSED");
      assertProblem(october.post("/api/v1/schools/" + A + "/certification", directorA, null), 409, "PHASE_CLOSED");
      assertProblem(october.post("/api/v1/areas/" + AREA + "/acknowledgement", area, null), 409, "PHASE_CLOSED");
      assertProblem(october.post("/api/v1/rounds/current/close", admin, null), 409, "PHASE_CLOSED");
    }
  }

  /** 10 Nov 08:30: answers open, a certification, a reopening and a second certification. */
  @Test
  @Order(2)
  void tenNovemberAtHalfPastEight(Vertx vertx) throws Exception {
    try (TestServer nov10 = at(vertx, "2023-11-10T08:30:00")) {
      String path = "/api/v1/schools/" + A + "/existence";
      JsonObject individual = new JsonObject().put("answers", new JsonArray()
          .add(new JsonObject().put("studentId", Ids.citizen(501)).put("present", true))
          .add(new JsonObject().put("studentId", Ids.citizen(502)).put("present", false).put("reason", "long_absence")));
      var first = nov10.post(path, staffA, individual);
      assertEquals(200, first.statusCode(), first.bodyAsString());
      var again = nov10.post(path, staffA, individual);
      assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject(), "the same request twice: the same state and answer");
      assertEquals(1, again.bodyAsJsonObject().getInteger("present"));
      assertEquals(1, again.bodyAsJsonObject().getInteger("notPresent"));
      assertEquals(3, again.bodyAsJsonObject().getInteger("unanswered"));

      assertProblem(nov10.post(path, staffA, new JsonObject().put("answers", new JsonArray()
          .add(new JsonObject().put("studentId", Ids.citizen(506)).put("present", true)))), 422, "UNKNOWN_STUDENTS");
      assertProblem(nov10.post(path, staffA, new JsonObject().put("answers", new JsonArray()
          .add(new JsonObject().put("studentId", Ids.citizen(503)).put("present", false)))), 422, "REASON_REQUIRED");
      assertProblem(nov10.post(path, directorA, new JsonObject().put("all", true)), 403, "ROLE_NOT_ALLOWED");

      JsonObject refused = assertProblem(nov10.post("/api/v1/schools/" + A + "/certification", directorA, null), 409,
          "UNANSWERED_STUDENTS");
      assertEquals(3, refused.getLong("unanswered"));
      assertEquals(List.of("ป.1/2", "ป.2/1"), refused.getJsonArray("rooms").stream()
          .map(o -> ((JsonObject) o).getString("grade") + "/" + ((JsonObject) o).getString("room")).toList());

      JsonObject room = nov10.post(path, staffA, new JsonObject().put("grade", "ป 2").put("room", "1")).bodyAsJsonObject();
      assertEquals(1, room.getInteger("unanswered"));
      JsonObject progress = nov10.get("/api/v1/areas/" + AREA + "/progress", area).bodyAsJsonObject();
      assertEquals("confirming", state(progress, A));
      assertEquals("not_started", state(progress, B));
      assertEquals(6, progress.getJsonObject("totals").getInteger("active"));

      JsonObject all = nov10.post(path, staffA, new JsonObject().put("all", true)).bodyAsJsonObject();
      assertEquals(0, all.getInteger("unanswered"));
      assertEquals(4, all.getInteger("present"));
      assertFalse(all.getBoolean("certified"));

      JsonObject certified = nov10.post("/api/v1/schools/" + A + "/certification", directorA, null).bodyAsJsonObject();
      assertTrue(certified.getBoolean("certified"), certified.encode());
      assertEquals("director.r", certified.getString("certifiedBy"));
      assertProblem(nov10.post(path, staffA, new JsonObject().put("all", true)), 409, "SCHOOL_CERTIFIED");
      assertProblem(nov10.postBytes("/api/v1/schools/" + A + "/uploads?kind=students", staffA,
          Workbooks.xlsx(HEADER, student(7, "ป.2", "1", "ช"))), 409, "SCHOOL_CERTIFIED");
      assertEquals("certified", state(nov10.get("/api/v1/areas/" + AREA + "/progress", area).bodyAsJsonObject(), A));

      assertProblem(nov10.post("/api/v1/schools/" + A + "/certification/reopening", area, new JsonObject()), 400, "MISSING_FIELD");
      JsonObject reopened = nov10.post("/api/v1/schools/" + A + "/certification/reopening", area,
          new JsonObject().put("reason", "ครูแจ้งว่านักเรียนเลขที่ 2 มาเรียนแล้ว")).bodyAsJsonObject();
      assertFalse(reopened.getBoolean("certified"));
      nov10.post(path, staffA, new JsonObject().put("answers", new JsonArray()
          .add(new JsonObject().put("studentId", Ids.citizen(502)).put("present", true))));
      assertTrue(nov10.post("/api/v1/schools/" + A + "/certification", directorA, null).bodyAsJsonObject().getBoolean("certified"));
    }
  }

  /** 10 Nov 14:00: a school marks its roll in the existence workbook and sends it back. */
  @Test
  @Order(3)
  void tenNovemberAfternoon(Vertx vertx) throws Exception {
    try (TestServer afternoon = at(vertx, "2023-11-10T14:00:00")) {
      // School B marks its roll in the existence workbook and sends it back.
      var book = afternoon.get("/api/v1/schools/" + B + "/existence.xlsx", staffB);
      assertEquals(200, book.statusCode());
      byte[] marked;
      try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(book.body().getBytes()))) {
        var sheet = wb.getSheetAt(0);
        assertEquals("มีตัวตน *", sheet.getRow(0).getCell(7).getStringCellValue());
        assertEquals(Ids.citizen(506), sheet.getRow(2).getCell(0).getStringCellValue());
        sheet.getRow(2).createCell(7).setCellValue("ไม่มีตัวตน");
        var out = new java.io.ByteArrayOutputStream();
        wb.write(out);
        byte[] noReason = out.toByteArray();
        JsonObject refused = upload(afternoon, staffB, B, "existence", noReason, 201);
        assertEquals("rejected", refused.getString("status"));
        assertEquals(List.of(3), th.obec.dmc.support.UploadCalls.rowsOf(refused, "REASON_REQUIRED", "reason"));
        sheet.getRow(2).createCell(8).setCellValue("ขาดเรียนเป็นเวลานาน");
        out = new java.io.ByteArrayOutputStream();
        wb.write(out);
        marked = out.toByteArray();
      }
      JsonObject accepted = upload(afternoon, staffB, B, "existence", marked, 201);
      assertEquals("committed", accepted.getString("status"), accepted.encodePrettily());
      assertEquals(1, accepted.getJsonObject("changes").getInteger("inserted"));
      JsonObject summaryB = afternoon.get("/api/v1/schools/" + B + "/existence", staffB).bodyAsJsonObject();
      assertEquals(1, summaryB.getInteger("notPresent"));
      assertEquals(0, summaryB.getInteger("unanswered"));
    }
  }

  /** 10 Nov 16:30: the day is over; reports say the data is live. */
  @Test
  @Order(4)
  void tenNovemberAtHalfPastFour(Vertx vertx) throws Exception {
    try (TestServer closing = at(vertx, "2023-11-10T16:30:00")) {
      try (var wb = workbook(closing.get("/api/v1/schools/" + A + "/report.xlsx", staffA))) {
        assertTrue(wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue().contains("ยังไม่ปิดรอบ"), "live data says so");
      }
      assertProblem(closing.get("/api/v1/reports/subsidy.json", admin), 409, "ROUND_NOT_CLOSED");
      assertProblem(closing.post("/api/v1/schools/" + A + "/existence", staffA, new JsonObject().put("all", true)), 409, "PHASE_CLOSED");
      assertProblem(closing.post("/api/v1/schools/" + A + "/certification", directorA, null), 409, "PHASE_CLOSED");
    }
  }

  /** 11 Nov: acknowledgement, the close, reports as of 10 Nov, subsidy, Exchange, audit. */
  @Test
  @Order(5)
  void elevenNovember(Vertx vertx) throws Exception {
    try (TestServer nov11 = at(vertx, "2023-11-11T09:00:00")) {
      // The close comes after the areas: before the acknowledgement it is refused, naming the area.
      JsonObject early = assertProblem(nov11.post("/api/v1/rounds/current/close", admin, null), 409, "AREAS_NOT_ACKNOWLEDGED");
      assertEquals(new JsonArray().add(AREA), early.getJsonArray("areas"));
      JsonObject ack = nov11.post("/api/v1/areas/" + AREA + "/acknowledgement", area, null).bodyAsJsonObject();
      assertEquals(new JsonArray().add(B), ack.getJsonArray("notCertified"), "named, but allowed");
      assertProblem(nov11.post("/api/v1/schools/" + A + "/certification/reopening", area,
          new JsonObject().put("reason", "late")), 409, "AREA_ACKNOWLEDGED");

      JsonObject closed = nov11.post("/api/v1/rounds/current/close", admin, null).bodyAsJsonObject();
      assertEquals(6, closed.getInteger("students"));
      assertEquals(5, closed.getLong("present"), "A's five students present as of 10 Nov; B's one was not");
      assertEquals(closed, nov11.post("/api/v1/rounds/current/close", admin, null).bodyAsJsonObject(), "closing twice is harmless");
      assertProblem(nov11.post("/api/v1/areas/" + AREA + "/acknowledgement", area, null), 409, "ROUND_CLOSED");

      // The subsidy of term 2, by hand: 5 primary students present (A) x (950 + 195 + 240) = 6,925 baht
      // (teaching, learning materials and development; textbooks and uniforms are paid in term 1).
      JsonObject subsidy = nov11.get("/api/v1/reports/subsidy.json", admin).bodyAsJsonObject();
      JsonObject national = subsidy.getJsonObject("national");
      assertEquals(5L, national.getLong("students"));
      assertEquals(5L, national.getJsonObject("counts").getLong("primary"));
      assertEquals("4750", national.getJsonObject("amounts").getString("teaching"));
      assertEquals("6925", national.getString("total"));
      assertEquals(2567, subsidy.getInteger("fiscalYear"));
      JsonObject schoolA = subsidy.getJsonArray("schools").getJsonObject(0);
      assertEquals(A, schoolA.getString("schoolCode"));
      assertEquals("6925", schoolA.getString("total"));
      // The Exchange file: the snapshot as CSVs with a manifest, byte-identical every time.
      var zip1 = nov11.get("/api/v1/exchange/2566/2.zip", admin);
      assertEquals(200, zip1.statusCode(), zip1.bodyAsString());
      byte[] first = zip1.body().getBytes();
      assertTrue(java.util.Arrays.equals(first, nov11.get("/api/v1/exchange/2566/2.zip", admin).body().getBytes()),
          "two downloads are identical");
      Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
      try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(first))) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.put(e.getName(), in.readAllBytes());
      }
      assertEquals(List.of("schools.csv", "students.csv", "manifest.json"), List.copyOf(entries.keySet()));
      JsonObject manifest = new JsonObject(new String(entries.get("manifest.json"), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(2, manifest.getInteger("formatVersion"));
      for (Object f : manifest.getJsonArray("files")) {
        JsonObject file = (JsonObject) f;
        byte[] csv = entries.get(file.getString("name"));
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(csv)),
            file.getString("sha256"), file.getString("name"));
        long lines = new String(csv, java.nio.charset.StandardCharsets.UTF_8).lines().count();
        assertEquals(lines - 1, file.getLong("rows"), file.getString("name") + ": rows beside the header");
      }
      String students = new String(entries.get("students.csv"), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(students.startsWith("school_code,citizen_id,prefix,first_name,last_name,sex,birth_date,grade,room,present,"
          + "reason,nationality,disadvantage,disability,smis_code\r\n"), students);
      assertTrue(students.contains("," + A.substring(2) + "\r\n"), "each student's row ends with its school's 8-digit code");
      assertTrue(students.contains(A + "," + Ids.citizen(501) + ",เด็กชาย,นักเรียน1,ทดสอบ,M,2017-06-10,ป.1,1,true,"), students);
      assertTrue(students.contains(B + "," + Ids.citizen(506) + ",") && students.contains(",false,long_absence"), students);
      assertTrue(students.contains(",'=1+2,"), "a formula-like text is neutralised in the CSV: " + students);
      assertEquals(6, manifest.getJsonArray("files").getJsonObject(1).getLong("rows"));
      assertProblem(nov11.get("/api/v1/exchange/2565/2.zip", admin), 404, "ROUND_NOT_FOUND");
      assertProblem(nov11.get("/api/v1/exchange/2566/2.zip", area), 403, "ROLE_NOT_ALLOWED");

      try (var wb = workbook(nov11.get("/api/v1/schools/" + A + "/report.xlsx", directorA))) {
        var summary = wb.getSheetAt(0);
        assertTrue(summary.getRow(0).getCell(0).getStringCellValue().contains("ณ วันที่ 10 พ.ย."), "the snapshot says so");
        assertEquals("ชั้น", summary.getRow(1).getCell(0).getStringCellValue());
        assertEquals("Grade", summary.getRow(2).getCell(0).getStringCellValue());
        assertEquals(3, summary.getPaneInformation().getHorizontalSplitPosition(), "headers frozen");
        double present = 0;
        for (int r = 3; r <= summary.getLastRowNum(); r++) present += summary.getRow(r).getCell(2).getNumericCellValue();
        assertEquals(5.0, present);
        // Issue 34: the DMC summary by grade, room and sex, each grade's total naming its rooms, then the school's.
        var rooms = wb.getSheet("ห้องเรียน (Rooms)");
        var last = rooms.getRow(rooms.getLastRowNum());
        assertEquals("รวมทั้งหมด / Total", last.getCell(0).getStringCellValue());
        assertEquals(5.0, last.getCell(4).getNumericCellValue(), "the school's five students");
        assertTrue(java.util.stream.IntStream.rangeClosed(3, rooms.getLastRowNum())
            .anyMatch(r -> rooms.getRow(r).getCell(1).getStringCellValue().endsWith("ห้อง / rooms")), "a grade names its rooms");
        var roll = wb.getSheet("รายชื่อ (Roll)");
        assertEquals(5, roll.getLastRowNum() - 2, "five students under three header rows");
        var formulaCell = java.util.stream.IntStream.rangeClosed(3, roll.getLastRowNum()).mapToObj(r -> roll.getRow(r).getCell(5))
            .filter(c -> c.getStringCellValue().startsWith("=")).findFirst().orElseThrow();
        assertEquals(org.apache.poi.ss.usermodel.CellType.STRING, formulaCell.getCellType(), "text, never a formula");
        assertEquals("=1+2", formulaCell.getStringCellValue());
        // Issue 34: a person reads the birth date in BE, as schools write it; the API and the Exchange file keep ISO.
        String born = roll.getRow(3).getCell(7).getStringCellValue();
        assertTrue(born.matches("\\d{2}/\\d{2}/25\\d{2}"), born);
        assertTrue(formulaCell.getCellStyle().getQuotePrefixed());
        assertEquals("@", roll.getRow(3).getCell(1).getCellStyle().getDataFormatString(), "IDs typed as text");
      }
      var areaReport = nov11.get("/api/v1/areas/" + AREA + "/report.xlsx", area);
      assertTrue(areaReport.getHeader("Content-Disposition").contains("filename*=UTF-8''"));
      try (var wb = workbook(areaReport)) {
        // Schools, students, duplicates, then a rooms sheet per school with students and the area's total.
        assertEquals(6, wb.getNumberOfSheets());
        var areaRooms = wb.getSheetAt(5);
        assertEquals("ห้อง รวม สพท. (Area)", areaRooms.getSheetName());
        assertEquals(6.0, areaRooms.getRow(areaRooms.getLastRowNum()).getCell(4).getNumericCellValue(), "the area's six");
        var schools = wb.getSheetAt(0);
        assertEquals(2, schools.getLastRowNum() - 2, "one row per school");
        assertEquals(A, schools.getRow(3).getCell(0).getStringCellValue());
        assertEquals("รับรองแล้ว", schools.getRow(3).getCell(2).getStringCellValue());
        assertEquals(5.0, schools.getRow(3).getCell(5).getNumericCellValue(), "five primary students at A");
        assertEquals(6, wb.getSheetAt(1).getLastRowNum() - 2, "every student of the area");
        assertEquals(2, wb.getSheetAt(2).getLastRowNum() - 2, "the possible duplicates");
      }

      try (var wb = workbook(nov11.get("/api/v1/reports/national.xlsx", admin))) {
        var row = wb.getSheetAt(0).getRow(3);
        assertEquals(AREA, row.getCell(0).getStringCellValue());
        assertEquals("ประถมศึกษา", row.getCell(2).getStringCellValue());
        assertEquals(6.0, row.getCell(3).getNumericCellValue(), "students of the area at primary level");
        assertEquals(5.0, row.getCell(4).getNumericCellValue());
        assertEquals(1.0, row.getCell(5).getNumericCellValue());
      }
      try (var wb = workbook(nov11.get("/api/v1/reports/subsidy.xlsx", admin))) {
        String title = wb.getSheetAt(0).getRow(0).getCell(0).getStringCellValue();
        assertTrue(title.startsWith("อัตราตัวอย่าง ไม่ใช่อัตราที่ประกาศ"), "the shipped rates are an example and say so: " + title);
        assertTrue(title.contains("ณ วันที่ 10 พ.ย. 2566"), "the count day of the round's calendar: " + title);
        var national2 = wb.getSheetAt(0).getRow(3);
        assertEquals("national", national2.getCell(0).getStringCellValue());
        assertEquals(6925.0, national2.getCell(15).getNumericCellValue(), "the same total as the JSON");
      }
      assertProblem(nov11.get("/api/v1/reports/national.xlsx", area), 403, "ROLE_NOT_ALLOWED");

      JsonObject areaView = nov11.get("/api/v1/reports/subsidy.json", area).bodyAsJsonObject();
      assertNull(areaView.getJsonObject("national"), "an area sees its own area only");
      assertEquals("6925", areaView.getJsonArray("areas").getJsonObject(0).getString("total"));

      var events = nov11.get("/api/v1/audit?schoolCode=" + A, area).bodyAsJsonObject().getJsonArray("items");
      List<String> actions = events.stream().map(o -> ((JsonObject) o).getString("action")).toList();
      assertTrue(actions.containsAll(List.of("upload.committed", "existence.answered", "existence.certified",
          "existence.reopened")), actions.toString());
      JsonObject reopening = events.stream().map(JsonObject.class::cast)
          .filter(e -> e.getString("action").equals("existence.reopened")).findFirst().orElseThrow();
      assertEquals("area.r", reopening.getString("actor"));
      assertEquals("area_staff", reopening.getString("role"));
      assertTrue(reopening.getJsonObject("detail").getString("reason").contains("มาเรียนแล้ว"));
      var areaEvents = nov11.get("/api/v1/audit", admin).bodyAsJsonObject().getJsonArray("items");
      assertTrue(areaEvents.stream().anyMatch(o -> ((JsonObject) o).getString("action").equals("round.closed")));
      assertProblem(nov11.get("/api/v1/audit", staffA), 403, "ROLE_NOT_ALLOWED");
      TestDatabase.sql(db, "INSERT INTO audit_event (at, actor, role, action) VALUES (now(), 'x', 'x', 'x')");
      try {
        TestDatabase.sql(db, "DELETE FROM audit_event");
        throw new AssertionError("the audit trail accepted a delete");
      } catch (IllegalStateException refusedByDatabase) {
        assertTrue(refusedByDatabase.getCause().getMessage().contains("append-only"));
      }
    }
  }

  /** 11 Nov: a level without a rate is a clear refusal. */
  @Test
  @Order(6)
  void elevenNovemberWithoutRates(Vertx vertx) throws Exception {
    Path noPrimary = th.obec.dmc.support.ClassResources.folder(WholeRoundTest.class, "rates").resolve("rates.json");
    JsonObject rates = new JsonObject(new String(getClass().getClassLoader().getResourceAsStream("subsidy/rates-2567.json")
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    rates.getJsonArray("items").forEach(i -> ((JsonObject) i).getJsonObject("amounts").remove("primary"));
    Files.writeString(noPrimary, rates.encodePrettily());
    try (TestServer withoutPrimary = TestServer.start(vertx, db, data,
        Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00", "DMC_SUBSIDY_RATES", noPrimary.toString()))) {
      JsonObject p = assertProblem(withoutPrimary.get("/api/v1/reports/subsidy.json", admin), 409, "RATES_MISSING");
      assertTrue(p.getString("detail").contains("primary"), p.getString("detail"));
      assertTrue(p.getString("grade").startsWith("ป."), p.encode());
    }
  }

  /** 12 Nov: the close window is over; nothing changed after it. */
  @Test
  @Order(7)
  void twelveNovember(Vertx vertx) throws Exception {
    try (TestServer nov12 = at(vertx, "2023-11-12T00:00:00")) {
      assertProblem(nov12.post("/api/v1/rounds/current/close", admin, null), 409, "PHASE_CLOSED");
      assertNull(nov12.get("/api/v1/schools/" + B + "/existence", area).bodyAsJsonObject().getString("certifiedAt"));
    }
  }

  private static org.apache.poi.xssf.usermodel.XSSFWorkbook workbook(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r)
      throws java.io.IOException {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(r.body().getBytes()));
  }

  private static String state(JsonObject progress, String school) {
    return progress.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("schoolCode").equals(school)).findFirst().orElseThrow().getString("state");
  }
}
