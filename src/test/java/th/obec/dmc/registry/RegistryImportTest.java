package th.obec.dmc.registry;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/** OBEC loads the registry from a workbook: all of it, or none of it with every bad row named. */
@ExtendWith(VertxExtension.class)
class RegistryImportTest {
  private static final Object[] THAI_HEADER = {"รหัส สพท.", "ชื่อ สพท.", "ประเภท สพท.", "จังหวัด", "รหัสโรงเรียน", "ชื่อโรงเรียน"};
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, RegistryImportTest.class, Map.of());
    admin = server.adminToken();
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void anXlsxWithThaiHeadersIsImportedAndNumericCodesKeepTheirDigits() {
    byte[] xlsx = Workbooks.xlsx(
        THAI_HEADER,
        new Object[] {"2001", "สพป.ลำปาง เขต 1", "สพป.", "ลำปาง", 1052010001L, "โรงเรียนอนุบาลลำปาง"},
        new Object[] {"2001", "สพป.ลำปาง เขต 1", "สพป", "ลำปาง", "1052010002", "โรงเรียนบ้านแม่ทะ"},
        new Object[] {},
        new Object[] {"2002", "สพม.ลำปาง ลำพูน", "secondary", "ลำพูน", "1051010001", "โรงเรียนจักรคำคณาทร"});
    var r = server.postBytes("/api/v1/registry/schools", admin, xlsx);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(new JsonObject().put("created", 2).put("updated", 0), r.bodyAsJsonObject().getJsonObject("areas"));
    assertEquals(new JsonObject().put("created", 3).put("updated", 0), r.bodyAsJsonObject().getJsonObject("schools"));

    JsonObject area = server.get("/api/v1/areas/2001/schools", admin).bodyAsJsonObject();
    assertEquals("primary", area.getJsonObject("area").getString("kind"));
    assertEquals("สพป.", area.getJsonObject("area").getString("kindTh"));
    assertEquals(List.of("1052010001", "1052010002"), codes(area.getJsonArray("items")));
    assertEquals("secondary", server.get("/api/v1/schools/1051010001", admin).bodyAsJsonObject()
        .getJsonObject("area").getString("kind"));
  }

  /**
   * Issue 19 item 14: an import that moves a school between areas is audited with the move, and every node
   * forgets its cached school-to-area answer at once: the old area office loses the school on the other node too.
   */
  @Test
  void aSchoolMovedBetweenAreasIsAuditedAndSeenByEveryNode(Vertx vertx) throws Exception {
    String header = "area_code,area_name,area_kind,province,school_code,school_name\n";
    String before = header + "6001,สพป.ตาก เขต 1,สพป.,ตาก,1063010001,โรงเรียนย้ายเขต\n"
        + "6002,สพป.ตาก เขต 2,สพป.,ตาก,1063020001,โรงเรียนเขตสอง\n";
    assertEquals(200, server.postFile("/api/v1/registry/schools", admin, "schools.csv", utf8(before)).statusCode());
    Fixtures.user(server, admin, "area.6001", "area_staff", "areaCode", "6001");
    Fixtures.user(server, admin, "area.6002", "area_staff", "areaCode", "6002");
    try (TestServer other = TestServer.start(vertx, server.db, server.dataDir, Map.of())) {
      String oldArea = other.login("area.6001", Fixtures.PASSWORD);
      String newArea = other.login("area.6002", Fixtures.PASSWORD);
      String roll = "/api/v1/schools/1063010001/students";
      assertEquals(200, other.get(roll, oldArea).statusCode(), "the other node has cached the school's area");
      assertEquals(403, other.get(roll, newArea).statusCode());

      String moved = header + "6002,สพป.ตาก เขต 2,สพป.,ตาก,1063010001,โรงเรียนย้ายเขต\n";
      var r = server.postFile("/api/v1/registry/schools", admin, "schools.csv", utf8(moved));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals(new JsonObject().put("schoolCode", "1063010001").put("from", "6001").put("to", "6002"),
          r.bodyAsJsonObject().getJsonArray("moved").getJsonObject(0));

      int status = 200;
      for (int i = 0; i < 20 && status == 200; i++) {
        Thread.sleep(200);
        status = other.get(roll, oldArea).statusCode();
      }
      assertEquals(403, status, "the old area office still sees the school on the other node");
      assertEquals(200, other.get(roll, newArea).statusCode());
    }
    var events = server.get("/api/v1/audit", admin).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(e -> e.getString("action").equals("registry.imported")).toList();
    assertTrue(events.stream().anyMatch(e -> e.getJsonObject("detail").getJsonArray("moved").size() == 1
        && e.getString("actor").equals("admin")), events.toString());
  }

  @Test
  void anOldXlsWithATitleRowAboveTheHeaderIsImported() {
    byte[] xls = Workbooks.xls(
        new Object[] {"ทะเบียนโรงเรียน ปีการศึกษา ๒๕๖๖"},
        THAI_HEADER,
        new Object[] {"๘๐๐๑", "สพป.ยะลา เขต 1", "สพป.", "ยะลา", "๑๐๙๕๐๑๐๐๐๑", "โรงเรียนยะลา"});
    var r = server.postBytes("/api/v1/registry/schools", admin, xls);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("8001", server.get("/api/v1/schools/1095010001", admin).bodyAsJsonObject().getString("areaCode"));
  }

  @Test
  void aMultipartCsvUpdatesWhatIsThereAndAddsWhatIsNew() {
    String csv = "area_code,area_name,area_kind,province,school_code,school_name\n"
        + "3001,สพป.น่าน เขต 1,สพป.,น่าน,1055010001,โรงเรียนเดิม\n";
    assertEquals(200, server.postFile("/api/v1/registry/schools", admin, "schools.csv", utf8(csv)).statusCode());
    String renamed = "\uFEFFarea_code,area_name,area_kind,province,school_code,school_name\r\n"
        + "3001,สพป.น่าน เขต 1,สพป.,น่าน,1055010001,\"โรงเรียนใหม่, น่าน\"\r\n"
        + "3001,สพป.น่าน เขต 1,สพป.,น่าน,1055010002,โรงเรียนที่สอง\r\n";
    var r = server.postFile("/api/v1/registry/schools", admin, "schools.csv", utf8(renamed));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(new JsonObject().put("created", 1).put("updated", 1), r.bodyAsJsonObject().getJsonObject("schools"));
    assertEquals("โรงเรียนใหม่, น่าน", server.get("/api/v1/schools/1055010001", admin).bodyAsJsonObject().getString("nameTh"));
  }

  @Test
  void aCsvSavedByThaiExcelInWindows874IsReadAsThai() {
    String csv = "รหัส สพท.,ชื่อ สพท.,ประเภท สพท.,จังหวัด,รหัสโรงเรียน,ชื่อโรงเรียน\r\n"
        + "4001,สพป.ตาก เขต 2,สพป.,ตาก,1063010001,โรงเรียนแม่สอด\r\n";
    var r = server.postBytes("/api/v1/registry/schools", admin, csv.getBytes(Charset.forName("x-windows-874")));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("โรงเรียนแม่สอด", server.get("/api/v1/schools/1063010001", admin).bodyAsJsonObject().getString("nameTh"));
  }

  @Test
  void badRowsAreAllNamedAndNothingIsSaved() {
    byte[] xlsx = Workbooks.xlsx(
        THAI_HEADER,
        new Object[] {"5001", "สพป.แพร่ เขต 1", "สพป.", "แพร่", "1054010001", "โรงเรียนดี"},
        new Object[] {"5001", "สพป.แพร่ เขต 1", "สพป.", "แพร่", "105401002", "รหัสสั้น"},
        new Object[] {"5002", "สพท.แปลก", "เขตพิเศษ", "แพร่", "1054010003", "ประเภทผิด"},
        new Object[] {"5001", "สพป.แพร่ เขต 1", "สพป.", "แพร่", "1054010001", "ซ้ำ"},
        new Object[] {"5001", "สพป.แพร่ เขต 1", "สพป.", "แพร่", null, "ไม่มีรหัส"});
    JsonObject p = assertProblem(server.postBytes("/api/v1/registry/schools", admin, xlsx), 422, "INVALID_ROWS");
    assertEquals(4, p.getInteger("errorCount"));
    JsonArray errors = p.getJsonArray("errors");
    assertError(errors.getJsonObject(0), 3, "school_code", "INVALID_FORMAT");
    assertError(errors.getJsonObject(1), 4, "area_kind", "UNKNOWN_CODE");
    assertError(errors.getJsonObject(2), 5, "school_code", "DUPLICATE_SCHOOL");
    assertError(errors.getJsonObject(3), 6, "school_code", "REQUIRED");
    assertTrue(errors.getJsonObject(0).getString("detailTh").startsWith("แถวที่ 3"), errors.getJsonObject(0).encode());
    assertTrue(errors.getJsonObject(2).getString("detailTh").contains("ซ้ำกับแถวที่ 2"), errors.getJsonObject(2).encode());

    assertProblem(server.get("/api/v1/schools/1054010001", admin), 404, "SCHOOL_NOT_FOUND");
    assertProblem(server.get("/api/v1/areas/5001/schools", admin), 404, "AREA_NOT_FOUND");
  }

  @Test
  void anAreaWithTwoNamesIsAConflict() {
    String csv = "area_code,area_name,area_kind,province,school_code,school_name\n"
        + "6001,สพป.ชื่อหนึ่ง,สพป.,ตรัง,1092010001,ก\n"
        + "6001,สพป.ชื่อสอง,สพป.,ตรัง,1092010002,ข\n";
    JsonObject p = assertProblem(server.postBytes("/api/v1/registry/schools", admin, utf8(csv)), 422, "INVALID_ROWS");
    assertError(p.getJsonArray("errors").getJsonObject(0), 3, "area_name", "AREA_CONFLICT");
  }

  @Test
  void filesThatAreNotARegistryGetAClearAnswer() {
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, utf8("name,code\nก,1\n")), 422, "MISSING_COLUMNS");
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, utf8("\n\n")), 422, "EMPTY_FILE");
    assertProblem(server.postBytes("/api/v1/registry/schools", admin,
        utf8("area_code,area_name,area_kind,province,school_code,school_name\n")), 422, "NO_ROWS");
    byte[] truncatedXls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, truncatedXls), 422, "UNREADABLE_FILE");
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, "%PDF-1.7 ...".getBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, new byte[] {0x50, 0x4B, 0x03, 0x04, 1, 2, 3}),
        422, "UNREADABLE_FILE");
    assertProblem(server.postBytes("/api/v1/registry/schools", admin, new byte[0]), 400, "MISSING_FILE");
  }

  private static void assertError(JsonObject error, int row, String column, String code) {
    assertEquals(row, error.getInteger("row"), error.encode());
    assertEquals(column, error.getString("column"), error.encode());
    assertEquals(code, error.getString("code"), error.encode());
  }

  private static List<String> codes(JsonArray schools) {
    return schools.stream().map(o -> ((JsonObject) o).getString("code")).toList();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
