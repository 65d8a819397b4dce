package th.obec.dmc.report;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * The subsidy of round 2566/2 worked out by hand from the shipped example rates: this term's part of each
 * item, per level and per grade, the basic-needs allowance on poor students only, and possible duplicates
 * held apart. Term 2 amounts (baht): teaching 850 / 950 / 1,750 / 1,900 (pre-primary, primary, lower,
 * upper secondary); learning materials 100 / 195 / 210 / 230; development 215 / 240 / 440 / 475; poor
 * students 500 / 500 / 1,500 / 1,500; textbooks and uniforms are paid once a year, in term 1: 0 now.
 */
@ExtendWith(VertxExtension.class)
class SubsidyTest {
  private static final String S1 = "1061010001";
  private static final String S2 = "1061020001";
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, SubsidyTest.class, Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00"));
    admin = server.adminToken();
    Fixtures.registry(server, admin, "6101,สพป.สตูล,สพป.,สตูล," + S1 + ",โรงเรียนหนึ่ง",
        "6102,สพม.สตูล,สพม.,สตูล," + S2 + ",โรงเรียนสอง");
    TestDatabase.sql(server.db, "INSERT INTO round_closure VALUES (2566, 2, 'admin', '2023-11-11T03:00:00Z', 11)");
    TestDatabase.sql(server.db, """
        INSERT INTO round_snapshot (academic_year, term, school_code, citizen_id, prefix, first_name, last_name, sex,
                                    birth_date, grade, room, present, reason, disadvantage) VALUES
          (2566, 2, '%1$s', 'G000000000001', 'เด็กชาย', 'หนึ่ง', 'ก', 'M', '2017-01-01', 'ป.1', '1', true, NULL, '09'),
          (2566, 2, '%1$s', 'G000000000002', 'เด็กชาย', 'สอง', 'ก', 'M', '2017-01-01', 'ป.1', '1', true, NULL, NULL),
          (2566, 2, '%1$s', 'G000000000003', 'เด็กชาย', 'สาม', 'ก', 'M', '2017-01-01', 'ป.1', '1', false, 'long_absence', '09'),
          (2566, 2, '%1$s', 'G000000000004', 'เด็กชาย', 'สี่', 'ก', 'M', '2012-01-01', 'ป.6', '1', true, NULL, NULL),
          (2566, 2, '%1$s', 'G000000000005', 'เด็กชาย', 'ห้า', 'ก', 'M', '2011-01-01', 'ม.1', '1', true, NULL, '09'),
          (2566, 2, '%1$s', 'G000000000006', 'เด็กหญิง', 'ซ้ำ', 'ซ้อน', 'F', '2015-01-01', 'ป.3', '1', true, NULL, NULL),
          (2566, 2, '%2$s', 'G000000000007', 'เด็กหญิง', 'เจ็ด', 'ข', 'F', '2019-01-01', 'อ.2', '1', true, NULL, NULL),
          (2566, 2, '%2$s', 'G000000000008', 'นางสาว', 'แปด', 'ข', 'F', '2007-01-01', 'ม.5', '1', true, NULL, NULL),
          (2566, 2, '%2$s', 'G000000000009', 'นางสาว', 'เก้า', 'ข', 'F', '2007-01-01', 'ม.5', '1', true, NULL, NULL),
          (2566, 2, '%2$s', 'G000000000010', 'เด็กหญิง', 'ซ้ำ', 'ซ้อน', 'F', '2015-01-01', 'ป.3', '2', true, NULL, NULL)
        """.formatted(S1, S2));
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  private static JsonObject school(JsonObject report, String code) {
    return report.getJsonArray("schools").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("schoolCode").equals(code)).findFirst().orElseThrow();
  }

  @Test
  void termTwoPaysThisTermsPartPerLevelAndThePoorAllowanceOnPoorStudents() {
    JsonObject report = server.get("/api/v1/reports/subsidy.json", admin).bodyAsJsonObject();
    assertEquals(2, report.getInteger("term"));
    assertEquals("student per term", report.getString("per"));
    assertTrue(report.getJsonObject("basis").getString("th").contains("10 พ.ย. 2566"), report.getJsonObject("basis").encode());
    assertTrue(report.getBoolean("example"));
    assertEquals("ประถมศึกษา", report.getJsonArray("levels").getJsonObject(1).getString("nameTh"));

    // School 1: primary ป.1 x2 (one poor) + ป.6 x1, lower secondary ม.1 x1 (poor); the absent student is not paid.
    JsonObject s1 = school(report, S1);
    assertEquals(4L, s1.getLong("students"));
    assertEquals(2L, s1.getLong("poor"));
    assertEquals(new JsonObject().put("primary", 3L).put("lower_secondary", 1L), s1.getJsonObject("counts"));
    assertEquals(new JsonObject().put("teaching", "4600").put("textbooks", "0").put("learning_materials", "795")
        .put("uniforms", "0").put("learner_development", "1160").put("poor_students", "2000"), s1.getJsonObject("amounts"));
    assertEquals("8555", s1.getString("total"), "3 x (950 + 195 + 240) + 1 x (1,750 + 210 + 440) + 500 + 1,500");

    // School 2: pre-primary อ.2 x1, upper secondary ม.5 x2.
    assertEquals("6375", school(report, S2).getString("total"), "(850 + 100 + 215) + 2 x (1,900 + 230 + 475)");
    assertEquals("14930", report.getJsonObject("national").getString("total"));

    // The two look-alike students (same name and birth date in two schools) are held apart, not paid twice.
    JsonObject held = report.getJsonObject("held");
    assertEquals(2L, held.getLong("students"));
    assertEquals("2770", held.getString("total"), "2 x (950 + 195 + 240), shown, not paid");

    JsonArray items = report.getJsonArray("items");
    assertTrue(items.stream().map(JsonObject.class::cast).anyMatch(i -> i.getString("code").equals("textbooks")
        && i.getString("per").equals("grade") && i.getBoolean("onceAYear")));
    assertTrue(items.stream().map(JsonObject.class::cast).anyMatch(i -> i.getString("code").equals("poor_students")
        && i.getBoolean("poorStudentsOnly")));
  }

  @Test
  void textbooksArePaidPerGradeAndAGradeWithoutARateIsAClearRefusal(Vertx vertx) throws Exception {
    // The same rates with textbooks also paid in term 2, to show the per-grade amounts (ป.1 625, ป.6 389).
    JsonObject rates = new JsonObject(new String(SubsidyTest.class.getClassLoader()
        .getResourceAsStream("subsidy/rates-2567.json").readAllBytes(), StandardCharsets.UTF_8));
    JsonObject textbooks = rates.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("code").equals("textbooks")).findFirst().orElseThrow();
    textbooks.getJsonObject("amounts").forEach(e -> ((JsonObject) e.getValue())
        .put("term2", ((JsonObject) e.getValue()).getInteger("term1")));
    Path dir = ClassResources.folder(SubsidyTest.class, "rates");
    Path perGrade = dir.resolve("per-grade.json");
    Files.writeString(perGrade, rates.encodePrettily());
    try (TestServer other = TestServer.start(vertx, server.db, server.dataDir,
        Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00", "DMC_SUBSIDY_RATES", perGrade.toString()))) {
      JsonObject report = other.get("/api/v1/reports/subsidy.json", admin).bodyAsJsonObject();
      assertEquals("2400", school(report, S1).getJsonObject("amounts").getString("textbooks"), "2 x 625 + 389 + 761");
      assertEquals("2418", school(report, S2).getJsonObject("amounts").getString("textbooks"), "200 + 2 x 1,109");
    }

    // Without a textbook rate for ม.5, the refusal names the grade and the item.
    textbooks.getJsonObject("amounts").remove("ม.5");
    Path missing = dir.resolve("missing.json");
    Files.writeString(missing, rates.encodePrettily());
    try (TestServer other = TestServer.start(vertx, server.db, server.dataDir,
        Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00", "DMC_SUBSIDY_RATES", missing.toString()))) {
      JsonObject problem = assertProblem(other.get("/api/v1/reports/subsidy.json", admin), 409, "RATES_MISSING");
      assertEquals("ม.5", problem.getString("grade"));
      assertEquals("textbooks", problem.getString("item"));
    }
  }
}
