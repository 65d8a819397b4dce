package th.obec.dmc.building;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Row;
import th.obec.dmc.app.Json;
import th.obec.dmc.app.Problem;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.registry.RegistryService;

/** A school's buildings, its confirmation of them (B-OBEC step 2.1.1), and the area's view of who confirmed. */
public final class BuildingRoutes {
  private final BuildingRepository buildings;
  private final RegistryService registry;
  private final Access access;
  private final PhaseGate gate;
  private final BusinessClock clock;

  public BuildingRoutes(BuildingRepository buildings, RegistryService registry, Access access, PhaseGate gate,
                        BusinessClock clock) {
    this.buildings = buildings;
    this.registry = registry;
    this.access = access;
    this.gate = gate;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/buildings")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> buildings.list(ctx.pathParam("schoolCode"))
            .onSuccess(items -> Json.ok(ctx, new JsonObject().put("items", items).put("total", items.size())))
            .onFailure(ctx::fail));

    router.post("/api/v1/schools/:schoolCode/buildings/confirmation")
        .handler(access.requireSchool(Role.SCHOOL_STAFF))
        .handler(gate.require(Action.ENTER_BUILDINGS))
        .handler(ctx -> {
          String school = ctx.pathParam("schoolCode");
          buildings.count(school)
              .compose(n -> {
                if (n == 0) {
                  throw Problem.conflict("NO_BUILDINGS", "There are no building records to confirm; upload them first.",
                      "ยังไม่มีข้อมูลอาคาร กรุณาส่งข้อมูลอาคารก่อนยืนยัน");
                }
                return buildings.confirm(school, Access.principal(ctx).username(), clock.now())
                    .map(at -> new JsonObject().put("schoolCode", school).put("buildings", n)
                        .put("confirmedAt", at.toString()).put("confirmedBy", Access.principal(ctx).username()));
              })
              .onSuccess(body -> Json.ok(ctx, body))
              .onFailure(ctx::fail);
        });

    router.get("/api/v1/areas/:areaCode/buildings/progress")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> registry.schoolCodesOfArea(ctx.pathParam("areaCode"))
            .compose(buildings::progress)
            .onSuccess(rows -> {
              JsonArray schools = new JsonArray();
              int confirmed = 0;
              for (Row r : rows) {
                boolean done = r.getValue("confirmed_at") != null;
                if (done) confirmed++;
                schools.add(new JsonObject().put("schoolCode", r.getString(0)).put("buildings", r.getLong("buildings"))
                    .put("confirmed", done)
                    .put("confirmedAt", done ? r.getOffsetDateTime("confirmed_at").toInstant().toString() : null)
                    .put("confirmedBy", r.getString("confirmed_by")));
              }
              Json.ok(ctx, new JsonObject().put("areaCode", ctx.pathParam("areaCode")).put("schools", schools)
                  .put("total", rows.size()).put("confirmed", confirmed));
            })
            .onFailure(ctx::fail));
  }
}
