package th.obec.dmc.calendar;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

@ExtendWith(VertxExtension.class)
class CalendarHttpTest {
  private static DatabaseUrl db;

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh(CalendarHttpTest.class);
  }

  private static TestServer serverAt(Vertx vertx, String drill) throws Exception {
    return TestServer.start(vertx, db, th.obec.dmc.support.ClassResources.folder(CalendarHttpTest.class, "dmc-cal"), Map.of("DMC_CLOCK", drill));
  }

  @Test
  void theCalendarIsPublicAndSaysItRunsOnADrillClock(Vertx vertx) throws Exception {
    try (TestServer server = serverAt(vertx, "2023-11-10T09:00:00+07:00")) {
      JsonObject c = server.get("/api/v1/calendar", null).bodyAsJsonObject();
      assertEquals(2566, c.getInteger("academicYear"));
      assertEquals(2, c.getInteger("term"));
      assertEquals("Asia/Bangkok", c.getString("timezone"));
      assertTrue(c.getBoolean("drill"));
      OffsetDateTime now = OffsetDateTime.parse(c.getString("now"));
      assertEquals("+07:00", now.getOffset().getId());
      assertTrue(Duration.between(OffsetDateTime.parse("2023-11-10T09:00:00+07:00"), now).abs().toMinutes() < 5);
      JsonObject confirm = c.getJsonArray("phases").stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("code").equals("DMC_CONFIRM")).findFirst().orElseThrow();
      assertEquals("2.2.3", confirm.getString("step"));
      assertEquals("2023-11-10T08:30:00+07:00", confirm.getString("start"));
      assertEquals("2023-11-10T16:30:00+07:00", confirm.getString("end"));
      assertEquals("school_staff", confirm.getJsonArray("roles").getString(0));
      assertTrue(confirm.getBoolean("open"));
      assertFalse(confirm.getString("nameTh").isBlank());
    }
  }

  @Test
  void confirmingIsRefusedAt082958AndOpensAsTheDrillClockReaches0830(Vertx vertx) throws Exception {
    // Two seconds before the opening leave room for a slow start; then the drill clock must run past 08:30.
    try (TestServer server = serverAt(vertx, "2023-11-10T08:29:58+07:00")) {
      JsonObject p = assertProblem(server.get("/api/v1/calendar/actions/CONFIRM_EXISTENCE", null), 409, "PHASE_CLOSED");
      assertEquals("DMC_CONFIRM", p.getString("phase"));
      assertEquals("NOT_YET_OPEN", p.getString("state"));
      assertEquals("2023-11-10T08:30:00+07:00", p.getString("opensAt"));
      assertEquals("2023-11-10T16:30:00+07:00", p.getString("closesAt"));
      JsonObject open = new JsonObject();
      for (int i = 0; i < 50 && !open.getBoolean("allowed", false); i++) {
        Thread.sleep(200);
        open = server.get("/api/v1/calendar/actions/CONFIRM_EXISTENCE", null).bodyAsJsonObject();
      }
      assertTrue(open.getBoolean("allowed", false), open.encode());
      assertTrue(OffsetDateTime.parse(open.getString("now")).isAfter(OffsetDateTime.parse("2023-11-10T08:29:59.999+07:00")));
    }
  }

  @Test
  void confirmingIsOpenAt0830Sharp(Vertx vertx) throws Exception {
    try (TestServer server = serverAt(vertx, "2023-11-10T08:30:00+07:00")) {
      var r = server.get("/api/v1/calendar/actions/CONFIRM_EXISTENCE", null);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      assertEquals("OPEN", r.bodyAsJsonObject().getString("state"));
    }
  }

  @Test
  void certifyingIsRefusedAt1630Sharp(Vertx vertx) throws Exception {
    try (TestServer server = serverAt(vertx, "2023-11-10T16:30:00+07:00")) {
      JsonObject p = assertProblem(server.get("/api/v1/calendar/actions/CERTIFY_EXISTENCE", null), 409, "PHASE_CLOSED");
      assertEquals("CLOSED", p.getString("state"));
      assertEquals("DMC_CERTIFY", p.getString("phase"));
      assertTrue(p.getString("detailTh").contains("ปิดแล้ว"), p.getString("detailTh"));
      assertProblem(server.get("/api/v1/calendar/actions/NO_SUCH_ACTION", null), 404, "UNKNOWN_ACTION");
    }
  }
}
