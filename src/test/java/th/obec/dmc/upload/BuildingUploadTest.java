package th.obec.dmc.upload;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;
import static th.obec.dmc.support.UploadCalls.rowsOf;
import static th.obec.dmc.support.UploadCalls.upload;

/** B-OBEC: a school records its buildings in October, confirms them, and its area sees who has. */
@ExtendWith(VertxExtension.class)
class BuildingUploadTest {
  private static final Object[] HEADER = {"ลำดับอาคาร", "ประเภทอาคาร", "แบบอาคาร", "จำนวนชั้น", "จำนวนห้องตามแบบ",
      "จำนวนห้องที่ใช้งาน", "ปีที่สร้าง (พ.ศ.)", "งบประมาณ (บาท)", "แหล่งงบประมาณ", "สภาพ", "สถานะการใช้งาน"};
  private static final String SCHOOL = "1050010001";
  private static final String OTHER = "1050010002";
  private static TestServer server;
  private static String staff;
  private static String area;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, BuildingUploadTest.class, Map.of("DMC_CLOCK", "2023-10-20T10:00:00+07:00"));
    String admin = server.adminToken();
    Fixtures.registry(server, admin,
        "5001,สพป.เชียงใหม่ เขต 1,สพป.,เชียงใหม่," + SCHOOL + ",โรงเรียนดอยสุเทพ",
        "5001,สพป.เชียงใหม่ เขต 1,สพป.,เชียงใหม่," + OTHER + ",โรงเรียนแม่ริม");
    Fixtures.user(server, admin, "staff.b", "school_staff", "schoolCode", SCHOOL);
    Fixtures.user(server, admin, "area.b", "area_staff", "areaCode", "5001");
    staff = server.login("staff.b", Fixtures.PASSWORD);
    area = server.login("area.b", Fixtures.PASSWORD);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void buildingsAreCheckedStoredConfirmedAndAConfirmationIsClearedByANewUpload() throws Exception {
    byte[] bad = Workbooks.xlsx(HEADER,
        new Object[] {"1", "อาคารเรียน", "สปช.105/29", 2, 8, 8, 2535, "1,250,000", "งบประมาณ สพฐ.", "ดี", "ใช้งาน"},
        new Object[] {"2", "ส้วม", null, 1, 4, 6, 2540, null, null, "พอใช้", "ใช้งาน"},
        new Object[] {"3", "บ้านพักครู", null, 1, 2, 2, 2570, null, null, "ชำรุด", "ใช้งาน"},
        new Object[] {"4", "อาคารเรียน", null, 1, 2, 2, 2530, null, null, "พัง", "ใช้งาน"},
        new Object[] {"1", "ห้องสมุด", null, 1, 1, 1, 2530, null, null, "ดี", "ใช้งาน"});
    JsonObject refused = upload(server, staff, SCHOOL, "buildings", bad, 201);
    assertEquals("rejected", refused.getString("status"));
    assertEquals(List.of(3), th.obec.dmc.support.UploadCalls.warningRowsOf(refused, "ROOMS_ABOVE_PLAN", "rooms_in_use"));
    assertEquals(List.of(4), rowsOf(refused, "YEAR_BUILT_IN_FUTURE", "year_built"));
    assertEquals(List.of(5), rowsOf(refused, "UNKNOWN_CODE", "condition"));
    assertEquals(List.of(6), rowsOf(refused, "DUPLICATE_IN_FILE", "building_no"));

    assertProblem(server.post("/api/v1/schools/" + SCHOOL + "/buildings/confirmation", staff, null), 409, "NO_BUILDINGS");

    byte[] good = Workbooks.xlsx(HEADER,
        new Object[] {"1", "อาคารเรียน", "สปช.105/29", 2, 8, 8, 2535, "1,250,000", "งบประมาณ สพฐ.", "ดี", "ใช้งาน"},
        new Object[] {"2", "ส้วม", null, 1, 4, 4, 1997, null, null, "ทรุดโทรม", "ไม่ได้ใช้งาน"});
    JsonObject stored = upload(server, staff, SCHOOL, "buildings", good, 201);
    assertEquals("committed", stored.getString("status"), stored.encodePrettily());
    var items = server.get("/api/v1/schools/" + SCHOOL + "/buildings", area).bodyAsJsonObject().getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals("classroom", items.getJsonObject(0).getString("category"));
    assertEquals("1250000", items.getJsonObject(0).getString("budgetBaht"));
    assertEquals("2540", items.getJsonObject(1).getString("yearBuilt"), "a CE year is stored as BE");

    var confirmed = server.post("/api/v1/schools/" + SCHOOL + "/buildings/confirmation", staff, null);
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    JsonObject progress = server.get("/api/v1/areas/5001/buildings/progress", area).bodyAsJsonObject();
    assertEquals(2, progress.getInteger("total"));
    assertEquals(1, progress.getInteger("confirmed"));
    assertTrue(progress.getJsonArray("items").getJsonObject(0).getBoolean("confirmed"));
    assertFalse(progress.getJsonArray("items").getJsonObject(1).getBoolean("confirmed"));

    // The area's staff may upload a school's buildings too; changed data must be confirmed again.
    byte[] changed = Workbooks.xlsx(HEADER,
        new Object[] {"1", "อาคารเรียน", "สปช.105/29", 2, 8, 7, 2535, "1,250,000", "งบประมาณ สพฐ.", "พอใช้", "ใช้งาน"});
    JsonObject update = upload(server, area, SCHOOL, "buildings", changed, 201);
    assertEquals(new JsonObject().put("inserted", 0).put("updated", 1).put("unchanged", 0), update.getJsonObject("changes"));
    progress = server.get("/api/v1/areas/5001/buildings/progress", area).bodyAsJsonObject();
    assertEquals(0, progress.getInteger("confirmed"));

    var summary = server.get("/api/v1/areas/5001/buildings.xlsx", area);
    assertEquals(200, summary.statusCode(), summary.bodyAsString());
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(summary.body().getBytes()))) {
      var row = wb.getSheetAt(0).getRow(3);
      assertEquals(SCHOOL, row.getCell(0).getStringCellValue());
      assertEquals(2.0, row.getCell(2).getNumericCellValue(), "buildings");
      assertEquals(1.0, row.getCell(3).getNumericCellValue(), "classroom buildings");
      assertEquals(1.0, row.getCell(6).getNumericCellValue(), "toilets");
      assertEquals(1.0, row.getCell(11).getNumericCellValue(), "dilapidated");
      assertEquals(12.0, row.getCell(12).getNumericCellValue(), "rooms by plan: 8 + 4");
      assertEquals(28.5, row.getCell(14).getNumericCellValue(), "average age in 2566: (31 + 26) / 2");
    }
    assertProblem(server.get("/api/v1/reports/buildings.xlsx", area), 403, "ROLE_NOT_ALLOWED");
  }

  @Test
  void theWordingSchoolsUseIsReadAndWarningsDoNotBlockTheCommit() throws Exception {
    Object[] header = {"ลำดับอาคาร", "ประเภทอาคาร", "แบบอาคาร", "จำนวนชั้น", "จำนวนห้องตามแบบ", "จำนวนห้องที่ใช้งาน",
        "ห้องพิเศษ", "ปีที่สร้าง (พ.ศ.)", "งบประมาณ (บาท)", "แหล่งงบประมาณ", "สภาพ", "สถานะการใช้งาน"};
    byte[] file = Workbooks.xlsx(header,
        new Object[] {"11", "อาคารเรียน", "สปช 105/29", 2, 8, 6, 2, 2535, null, "งบประมาณจากต้นสังกัด", "ดี", "ใช้งาน"},
        new Object[] {"12", "ห้องน้ำห้องส้วม", "แบบพิเศษของจังหวัด", 1, null, 3, null, 2540, null, "อบต.", "ดี", "ใช้งาน"},
        new Object[] {"13", "อาคารเรียน", "108ล.", 3, 10, 9, 3, 2545, null, "บริจาค", "พอใช้", "ใช้งาน"});
    JsonObject stored = upload(server, area, OTHER, "buildings", file, 201);
    assertEquals("committed", stored.getString("status"), stored.encodePrettily());
    assertEquals(List.of(3), th.obec.dmc.support.UploadCalls.warningRowsOf(stored, "OTHER_VALUE", "plan_code"));
    assertEquals(List.of(4), th.obec.dmc.support.UploadCalls.warningRowsOf(stored, "ROOMS_ABOVE_PLAN", "rooms_in_use"));
    var items = server.get("/api/v1/schools/" + OTHER + "/buildings", area).bodyAsJsonObject().getJsonArray("items");
    JsonObject first = items.getJsonObject(0);
    assertEquals("สปช.105/29", first.getString("planCode"), "a plan's spacing and dots do not matter");
    assertEquals("obec", first.getString("budgetSource"));
    assertEquals("2", first.getString("specialRooms"));
    assertEquals("toilet", items.getJsonObject(1).getString("category"));
    assertEquals("แบบพิเศษของจังหวัด", items.getJsonObject(1).getString("planCode"), "another plan is kept as written");
    assertEquals("local", items.getJsonObject(1).getString("budgetSource"));

    // The warnings are in the errors workbook too, shaded apart from errors.
    var book = server.get("/api/v1/uploads/" + stored.getString("id") + "/errors.xlsx", area);
    assertEquals(200, book.statusCode());
    try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(book.body().getBytes()))) {
      var row = wb.getSheetAt(0).getRow(2);
      assertEquals(3.0, row.getCell(13).getNumericCellValue(), "original row");
      assertTrue(row.getCell(12).getStringCellValue().contains("คำเตือน"), row.getCell(12).getStringCellValue());
      assertEquals(org.apache.poi.ss.usermodel.IndexedColors.LIGHT_YELLOW.getIndex(),
          row.getCell(2).getCellStyle().getFillForegroundColor());
    }
  }

  @Test
  void theBuildingsAndMovementsTemplatesComeFromTheirSpecs() throws Exception {
    for (String kind : new String[] {"buildings", "movements"}) {
      var r = server.get("/api/v1/templates/" + kind + ".xlsx", staff);
      assertEquals(200, r.statusCode());
      try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(r.body().getBytes()))) {
        var header = wb.getSheetAt(0).getRow(0);
        assertTrue(header.getCell(0).getStringCellValue().startsWith(kind.equals("buildings") ? "ลำดับอาคาร" : "เลขประจำตัวประชาชน"));
      }
    }
    assertProblem(server.get("/api/v1/templates/nothing.xlsx", staff), 404, "UNKNOWN_TEMPLATE");
    assertProblem(server.get("/api/v1/templates/buildings.xlsx", null), 401, "UNAUTHENTICATED");
  }

  @Test
  void afterOctoberBuildingsAreClosed(Vertx vertx) throws Exception {
    try (TestServer november = TestServer.start(vertx, server.db, server.dataDir, Map.of("DMC_CLOCK", "2023-10-31T00:00:00+07:00"))) {
      byte[] file = Workbooks.xlsx(HEADER, new Object[] {"9", "อาคารเรียน", null, 1, 1, 1, 2550, null, null, "ดี", "ใช้งาน"});
      JsonObject p = assertProblem(november.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=buildings", staff, file),
          409, "PHASE_CLOSED");
      assertEquals("BOBEC_ENTRY", p.getString("phase"));
      assertProblem(november.post("/api/v1/schools/" + SCHOOL + "/buildings/confirmation", staff, null), 409, "PHASE_CLOSED");
    }
  }
}
