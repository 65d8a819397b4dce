package th.obec.dmc.docs;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 29: every GET route of the OpenAPI document, called as each role (and as nobody), at three moments of a
 * small round: the update window, 10 November, and after the close. The roll comes from the template, with no
 * details. No answer is a 5xx, other than a 503 that says when to come back. (The school's report.xlsx answered
 * 500 at all three moments: a roll without student numbers met List.of in its details sheet.)
 */
@ExtendWith(VertxExtension.class)
class RouteSweepTest {
  private static final String AREA = "7001";
  private static final String SCHOOL = "1080000001";

  @Test
  void noGetRouteAnswers5xxAtAnyMomentOfTheRound(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(RouteSweepTest.class);
    Path data = ClassResources.folder(RouteSweepTest.class, "dmc-data");
    List<String> failures = new ArrayList<>();
    String uploadId;
    try (TestServer october = at(vertx, db, data, "2023-11-01T10:00:00+07:00")) {
      String admin = october.adminToken();
      Fixtures.registry(october, admin, AREA + ",สพป.ทดสอบ,สพป.,ตาก," + SCHOOL + ",โรงเรียนทดสอบ");
      Fixtures.user(october, admin, "sweep.staff", "school_staff", "schoolCode", SCHOOL);
      Fixtures.user(october, admin, "sweep.director", "school_director", "schoolCode", SCHOOL);
      Fixtures.user(october, admin, "sweep.area", "area_staff", "areaCode", AREA);
      String staff = october.login("sweep.staff", Fixtures.PASSWORD);
      var uploaded = october.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=students", staff, fromTemplate(october, staff));
      assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
      assertEquals("committed", uploaded.bodyAsJsonObject().getString("status"), uploaded.bodyAsString());
      uploadId = uploaded.bodyAsJsonObject().getString("id");
      sweep(october, "update window", uploadId, failures);
    }
    try (TestServer nov10 = at(vertx, db, data, "2023-11-10T10:00:00+07:00")) {
      String staff = nov10.login("sweep.staff", Fixtures.PASSWORD);
      assertEquals(200, nov10.post("/api/v1/schools/" + SCHOOL + "/existence", staff, new JsonObject().put("all", true)).statusCode());
      var certified = nov10.post("/api/v1/schools/" + SCHOOL + "/certification", nov10.login("sweep.director", Fixtures.PASSWORD), null);
      assertTrue(certified.statusCode() < 300, certified.bodyAsString());
      sweep(nov10, "10 November", uploadId, failures);
    }
    try (TestServer closed = at(vertx, db, data, "2023-11-11T10:00:00+07:00")) {
      var acknowledged = closed.post("/api/v1/areas/" + AREA + "/acknowledgement", closed.login("sweep.area", Fixtures.PASSWORD), null);
      assertTrue(acknowledged.statusCode() < 300, acknowledged.bodyAsString());
      var close = closed.post("/api/v1/rounds/current/close", closed.adminToken(), null);
      assertTrue(close.statusCode() < 300, close.bodyAsString());
      sweep(closed, "after the close", uploadId, failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static TestServer at(Vertx vertx, DatabaseUrl db, Path data, String clock) throws Exception {
    return TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", clock));
  }

  /** Every GET of the served document as each role and as nobody, with each query parameter's first enum value too. */
  private static void sweep(TestServer server, String moment, String uploadId, List<String> failures) {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("nobody", null);
    tokens.put("school_staff", server.login("sweep.staff", Fixtures.PASSWORD));
    tokens.put("school_director", server.login("sweep.director", Fixtures.PASSWORD));
    tokens.put("area_staff", server.login("sweep.area", Fixtures.PASSWORD));
    tokens.put("obec_admin", server.adminToken());
    JsonObject paths = server.get("/api/v1/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    int calls = 0;
    for (String path : paths.fieldNames()) {
      JsonObject get = paths.getJsonObject(path).getJsonObject("get");
      if (get == null) continue;
      for (String url : urls(path, get, uploadId)) {
        for (var role : tokens.entrySet()) {
          var r = server.get(url, role.getValue());
          calls++;
          boolean busy = r.statusCode() == 503 && r.getHeader("Retry-After") != null;
          if (r.statusCode() >= 500 && !busy) {
            failures.add(moment + ": GET " + url + " as " + role.getKey() + " answered " + r.statusCode() + " "
                + r.bodyAsString().substring(0, Math.min(300, r.bodyAsString().length())));
          }
        }
      }
    }
    assertTrue(calls > 150, moment + ": only " + calls + " calls");
  }

  /** The path with its parameters filled for this round; again with every enum query parameter at its first value. */
  private static List<String> urls(String path, JsonObject get, String uploadId) {
    String filled = path.replace("{schoolCode}", SCHOOL).replace("{areaCode}", AREA).replace("{id}", uploadId)
        .replace("{academicYear}", "2566").replace("{kind}", "students").replace("{action}", "UPDATE_STUDENTS")
        .replace("{file}", path.startsWith("/api/v1/exchange") ? "students.csv" : "students.xlsx");
    List<String> urls = new ArrayList<>(List.of(filled));
    StringBuilder query = new StringBuilder();
    for (Object p : get.getJsonArray("parameters", new JsonArray())) {
      JsonObject parameter = (JsonObject) p;
      JsonArray values = parameter.getJsonObject("schema", new JsonObject()).getJsonArray("enum");
      if ("query".equals(parameter.getString("in")) && values != null && !values.isEmpty()) {
        query.append(query.length() == 0 ? "?" : "&").append(parameter.getString("name")).append('=')
            .append(java.net.URLEncoder.encode(String.valueOf(values.getValue(0)), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    if (query.length() > 0) urls.add(filled + query);
    return urls;
  }

  /** The template as served, with two students typed in its columns and nothing else (no details). */
  private static byte[] fromTemplate(TestServer server, String token) throws Exception {
    var r = server.get("/api/v1/templates/students.xlsx", token);
    assertEquals(200, r.statusCode());
    try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      XSSFSheet sheet = wb.getSheetAt(0);
      String[][] rows = {
          {Ids.citizen(801), "", "เด็กชาย", "สมชาย", "ใจดี", "ช", "13/05/2559", "ป.1", "1"},
          {Ids.citizen(802), "", "เด็กหญิง", "สมหญิง", "ใจงาม", "ญ", "02/02/2558", "ป.2", "1"}};
      for (int i = 0; i < rows.length; i++) {
        var row = sheet.createRow(2 + i);
        for (int c = 0; c < rows[i].length; c++) if (!rows[i][c].isEmpty()) row.createCell(c).setCellValue(rows[i][c]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      wb.write(out);
      return out.toByteArray();
    }
  }
}
