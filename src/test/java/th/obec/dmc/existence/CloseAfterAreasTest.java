package th.obec.dmc.existence;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * On 11 November the areas acknowledge and OBEC closes, in that order: a close before every area has
 * acknowledged is refused naming the areas, unless OBEC forces it with a reason, which is audited.
 * Until the close, an area may still reopen a certified school of its own.
 */
@ExtendWith(VertxExtension.class)
class CloseAfterAreasTest {
  @Test
  void theCloseWaitsForTheAreasOrIsForcedWithAReason(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, CloseAfterAreasTest.class,
        Map.of("DMC_CLOCK", "2023-11-11T09:00:00+07:00"))) {
      String admin = server.adminToken();
      Fixtures.registry(server, admin, "5001,สพป.ยะลา เขต 1,สพป.,ยะลา,1050010001,โรงเรียนหนึ่ง",
          "5002,สพป.ยะลา เขต 2,สพป.,ยะลา,1050020001,โรงเรียนสอง");
      Fixtures.user(server, admin, "area.one", "area_staff", "areaCode", "5001");
      String areaOne = server.login("area.one", Fixtures.PASSWORD);
      assertEquals(200, server.post("/api/v1/areas/5001/acknowledgement", areaOne, null).statusCode());

      JsonObject refused = assertProblem(server.post("/api/v1/rounds/current/close", admin, null), 409,
          "AREAS_NOT_ACKNOWLEDGED");
      assertEquals(new JsonArray().add("5002"), refused.getJsonArray("areas"));
      assertProblem(server.post("/api/v1/rounds/current/close", admin, new JsonObject().put("force", true)), 400,
          "MISSING_FIELD");

      var forced = server.post("/api/v1/rounds/current/close", admin,
          new JsonObject().put("force", true).put("reason", "สพท. เขต 2 ระบบขัดข้อง ยืนยันทางหนังสือแล้ว"));
      assertEquals(200, forced.statusCode(), forced.bodyAsString());
      JsonObject event = server.get("/api/v1/audit", admin).bodyAsJsonObject().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(e -> e.getString("action").equals("round.closed")).findFirst().orElseThrow();
      assertTrue(event.getJsonObject("detail").getBoolean("force"));
      assertEquals(new JsonArray().add("5002"), event.getJsonObject("detail").getJsonArray("notAcknowledged"));
      assertEquals(200, server.post("/api/v1/rounds/current/close", admin, null).statusCode(), "closing again is harmless");
    }
  }
}
