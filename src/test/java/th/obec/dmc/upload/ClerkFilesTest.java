package th.obec.dmc.upload;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.UploadCalls.upload;
import static th.obec.dmc.support.UploadCalls.warningRowsOf;

/**
 * Issue 30: files clerks build or edit by hand, committed, and the roll holding what each file meant: the
 * apostrophe before an ID, a line break and invisible characters in a name, a class written "ป.4/2", a total under
 * the list, a look-alike header named in the answer, Excel's Unicode Text, and date serials under Thai formats.
 */
@ExtendWith(VertxExtension.class)
class ClerkFilesTest {
  private static final String SCHOOL = "1090030001";
  private static DatabaseUrl db;
  private static TestServer server;
  private static String staff;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    db = TestDatabase.fresh(ClerkFilesTest.class);
    server = TestServer.start(vertx, db, ClassResources.folder(ClerkFilesTest.class, "dmc-data"),
        Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00"));
    String admin = server.adminToken();
    Fixtures.registry(server, admin, "3001,สพป.ทดสอบ,สพป.,ตาก," + SCHOOL + ",โรงเรียนชายแดน");
    Fixtures.user(server, admin, "clerk", "school_staff", "schoolCode", SCHOOL);
    staff = server.login("clerk", Fixtures.PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aHandMadeCsvReadsAsItMeans() throws Exception {
    String zero = Ids.withLeadingZero();
    String csv = "citizen_id,student_number,prefix,first_name,last_name,sex,birth_date,grade,room,"
        + "เลขที่บ้าน (ทะเบียนบ้าน),หมู่(ที่อยู่ปัจจุบัน),หมายเลขบัตรประชาชนบิดา,ระยะทางจากบ้านถึงโรงเรียน (ถนนลูกรัง),"
        + "การพักนอนประจำ,บ้านเลขที่ (ที่อยู่เดิม)\n"
        + "'" + Ids.citizen(301) + ",1,ด.ช.,\"สม\nชาย\",ใจ\u200Bดี\uFEFF,1,1 ม.ค. 2556,ป.4/2,,12/3,5," + Ids.citizen(9301)
        + ",2.5 กม.,ไม่พักนอน,99\n"
        + zero.substring(1) + ",2,ด.ญ.,สมหญิง,ใจงาม,2,13/05/56,ป.4,1,,,,,,\n"
        + "รวม 2 คน,,,,,,,,,,,,,,\n";
    JsonObject result = upload(server, staff, SCHOOL, "students", csv.getBytes(StandardCharsets.UTF_8), 201);
    assertEquals("committed", result.getString("status"), result.encodePrettily());
    assertEquals(2, result.getJsonObject("changes").getInteger("inserted"), result.encodePrettily());
    assertEquals(List.of(4), warningRowsOf(result, "FOOTER_ROW_SKIPPED", "citizen_id"), "the total is skipped, with a warning");
    assertEquals(List.of(3), warningRowsOf(result, "ID_LEADING_ZERO_RESTORED", "citizen_id"));
    JsonArray lookAlikes = result.getJsonArray("ignoredLookAlikes");
    assertEquals(1, lookAlikes.size(), result.encodePrettily());
    assertEquals("บ้านเลขที่ (ที่อยู่เดิม)", lookAlikes.getJsonObject(0).getString("header"));
    assertEquals("house_no", lookAlikes.getJsonObject(0).getString("resembles"));

    Map<String, Object> first = student(Ids.citizen(301));
    assertEquals("สม ชาย", first.get("first_name"), "a line break in a cell is a space");
    assertEquals("ใจดี", first.get("last_name"), "invisible characters are removed");
    assertEquals("M", first.get("sex"));
    assertEquals("2013-01-01", first.get("birth_date").toString());
    assertEquals("ป.4", first.get("grade"));
    assertEquals("2", first.get("room"));
    JsonObject details = new JsonObject((String) first.get("details"));
    assertEquals("12/3", details.getString("house_no"), "the registered house number");
    assertEquals("5", details.getString("current_moo"));
    assertEquals(Ids.citizen(9301), details.getString("father_id"));
    assertEquals(2.5, details.getDouble("distance_laterite_km"));
    assertEquals("N", details.getString("boarding"));

    Map<String, Object> second = student(zero);
    assertEquals("F", second.get("sex"));
    assertEquals("2013-05-13", second.get("birth_date").toString(), "13/05/56 is BE 2556");
  }

  @Test
  void excelsUnicodeTextIsReadLikeCsv() throws Exception {
    String text = "citizen_id\tstudent_number\tprefix\tfirst_name\tlast_name\tsex\tbirth_date\tgrade\troom\r\n"
        + Ids.citizen(401) + "\t1\tสามเณร\tสมปอง\tใจดี\t1\t13/05/2554\tป.6\t1\r\n";
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    utf16.write(text.getBytes(StandardCharsets.UTF_16LE));
    JsonObject result = upload(server, staff, SCHOOL, "students", utf16.toByteArray(), 201);
    assertEquals("committed", result.getString("status"), result.encodePrettily());
    Map<String, Object> monk = student(Ids.citizen(401));
    assertEquals("สามเณร", monk.get("prefix"));
    assertEquals("สมปอง", monk.get("first_name"));
  }

  /** A numeric date cell under Thai Excel's Buddhist-era formats, in .xlsx and .xls: the day, never the serial. */
  @Test
  void dateSerialsUnderThaiFormatsAreDates() throws Exception {
    String[] formats = {"d/m/bbbb", "[$-th-TH]d mmmm bbbb", "B2d/m/yyyy", "[$-107041E]d/m/yy;@", "General"};
    for (boolean xls : new boolean[] {false, true}) {
      try (Workbook wb = xls ? new HSSFWorkbook() : new XSSFWorkbook()) {
        Sheet sheet = wb.createSheet("นักเรียน");
        String[] header = {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"};
        Row h = sheet.createRow(0);
        for (int c = 0; c < header.length; c++) h.createCell(c).setCellValue(header[c]);
        for (int i = 0; i < formats.length; i++) {
          Row r = sheet.createRow(1 + i);
          int n = (xls ? 600 : 500) + i;
          String[] cells = {Ids.citizen(n), String.valueOf(n), "ด.ช.", "ชื่อ" + i, "สกุล", "ช", null, "ป.5", "1"};
          for (int c = 0; c < cells.length; c++) if (cells[c] != null) r.createCell(c).setCellValue(cells[c]);
          CellStyle style = wb.createCellStyle();
          style.setDataFormat(wb.createDataFormat().getFormat(formats[i]));
          var date = r.createCell(6);
          date.setCellValue(41042); // 13 May 2012
          date.setCellStyle(style);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        JsonObject result = upload(server, staff, SCHOOL, "students", out.toByteArray(), 201);
        assertEquals("committed", result.getString("status"), result.encodePrettily());
        for (int i = 0; i < formats.length; i++) {
          assertEquals("2012-05-13", student(Ids.citizen((xls ? 600 : 500) + i)).get("birth_date").toString(),
              (xls ? ".xls " : ".xlsx ") + formats[i]);
        }
      }
    }
  }

  /**
   * A roll kept one sheet per room, after an instructions sheet, in .xlsx and .xls: both rooms are read, in order,
   * the instructions are named as not read, and a bad row is named by its sheet and its row in that sheet, in the
   * answer, in the duplicate's message and in the errors workbook.
   */
  @Test
  void aRollKeptOneSheetPerRoomIsReadWhole() throws Exception {
    for (boolean xls : new boolean[] {false, true}) {
      int base = xls ? 760 : 700;
      byte[] refused = rooms(xls, base, true);
      JsonObject result = upload(server, staff, SCHOOL, "students", refused, 201);
      assertEquals("rejected", result.getString("status"), result.encodePrettily());
      assertEquals(new JsonArray().add("ป.3-1").add("ป.3-2"), result.getJsonArray("sheetsRead"));
      assertEquals(new JsonArray().add("คำอธิบาย"), result.getJsonArray("sheetsNotRead"));
      assertEquals(4, result.getJsonObject("rows").getInteger("read"), result.encodePrettily());
      JsonObject bad = group(result, "INVALID_ID_FORMAT");
      assertEquals(new JsonArray().add(4), bad.getJsonArray("rows"), "the row as the clerk sees it on its sheet");
      assertEquals(new JsonArray().add(new JsonObject().put("sheet", "ป.3-2").put("row", 4)), bad.getJsonArray("places"));
      JsonObject dup = group(result, "DUPLICATE_IN_FILE");
      assertEquals(new JsonArray().add(new JsonObject().put("sheet", "ป.3-2").put("row", 3)), dup.getJsonArray("places"));
      assertTrue(dup.getString("messageTh").contains("แถวที่ 4 แผ่นงาน \"ป.3-1\""), dup.encodePrettily());

      var book = server.get("/api/v1/uploads/" + result.getString("id") + "/errors.xlsx", staff);
      assertEquals(200, book.statusCode());
      try (Workbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(book.body().getBytes()))) {
        Sheet errors = wb.getSheetAt(0);
        Row header = errors.getRow(0);
        int sheetCol = header.getLastCellNum() - 1;
        assertEquals("แผ่นงานเดิม", header.getCell(sheetCol).getStringCellValue());
        List<String> places = new java.util.ArrayList<>();
        for (int r = 2; r <= errors.getLastRowNum(); r++) {
          places.add(errors.getRow(r).getCell(sheetCol).getStringCellValue() + "!"
              + (int) errors.getRow(r).getCell(sheetCol - 1).getNumericCellValue());
        }
        assertEquals(List.of("ป.3-2!3", "ป.3-2!4"), places);
      }

      JsonObject committed = upload(server, staff, SCHOOL, "students", rooms(xls, base, false), 201);
      assertEquals("committed", committed.getString("status"), committed.encodePrettily());
      assertEquals(4, committed.getJsonObject("changes").getInteger("inserted"), committed.encodePrettily());
      assertEquals("1", student(Ids.citizen(base)).get("room"));
      assertEquals("2", student(Ids.citizen(base + 3)).get("room"));
    }
  }

  /**
   * An instructions sheet, then rooms ป.3/1 and ป.3/2 of two students each; when {@code faulty}, the second room's
   * first student repeats the first room's second, and its second has an ID of five digits.
   */
  private static byte[] rooms(boolean xls, int base, boolean faulty) throws Exception {
    try (Workbook wb = xls ? new HSSFWorkbook() : new XSSFWorkbook()) {
      Sheet help = wb.createSheet("คำอธิบาย");
      help.createRow(0).createCell(0).setCellValue("กรอกรายชื่อแยกแผ่นงานตามห้อง");
      String[] header = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ",
          "วันเกิด", "ชั้น", "ห้อง"};
      for (int room = 1; room <= 2; room++) {
        Sheet sheet = wb.createSheet("ป.3-" + room);
        sheet.createRow(0).createCell(0).setCellValue("รายชื่อนักเรียนชั้น ป.3/" + room);
        Row h = sheet.createRow(1);
        for (int c = 0; c < header.length; c++) h.createCell(c).setCellValue(header[c]);
        for (int i = 0; i < 2; i++) {
          int n = base + (room - 1) * 2 + i;
          String id = !faulty || room == 1 ? Ids.citizen(n) : i == 0 ? Ids.citizen(base + 1) : "12345";
          String[] cells = {id, String.valueOf(n), "ด.ญ.", "ชื่อ" + n, "สกุล", "ญ", "13/05/2557", "ป.3", String.valueOf(room)};
          Row r = sheet.createRow(2 + i);
          for (int c = 0; c < cells.length; c++) r.createCell(c).setCellValue(cells[c]);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      return out.toByteArray();
    }
  }

  private static JsonObject group(JsonObject result, String code) {
    for (Object o : result.getJsonArray("errors")) {
      if (((JsonObject) o).getString("code").equals(code)) return (JsonObject) o;
    }
    throw new AssertionError("no " + code + " in " + result.encodePrettily());
  }

  private static Map<String, Object> student(String id) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var s = c.prepareStatement("SELECT prefix, first_name, last_name, sex, birth_date, grade, room, details::text"
             + " AS details FROM student WHERE school_code = ? AND citizen_id = ?")) {
      s.setString(1, SCHOOL);
      s.setString(2, id);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next(), "student " + id + " is on the roll");
        Map<String, Object> row = new java.util.HashMap<>();
        for (String k : List.of("prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room", "details")) {
          row.put(k, r.getObject(k));
        }
        return row;
      }
    }
  }
}
