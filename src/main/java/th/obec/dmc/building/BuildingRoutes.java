package th.obec.dmc.building;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.kernel.Json;

/** A school's buildings, its confirmation of them (B-OBEC step 2.1.1), and the area's view of who confirmed. */
public final class BuildingRoutes {
  private final BuildingService buildings;
  private final Access access;
  private final PhaseGate gate;

  public BuildingRoutes(BuildingService buildings, Access access, PhaseGate gate) {
    this.buildings = buildings;
    this.access = access;
    this.gate = gate;
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/buildings")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> buildings.list(ctx.pathParam("schoolCode"))
            .onSuccess(items -> Json.ok(ctx, new JsonObject()
                .put("items", new JsonArray(items.stream().map(BuildingRepository.Building::toJson).toList()))
                .put("total", items.size())))
            .onFailure(ctx::fail));

    router.post("/api/v1/schools/:schoolCode/buildings/confirmation")
        .handler(access.requireSchool(Role.SCHOOL_STAFF))
        .handler(gate.require(Action.ENTER_BUILDINGS))
        .handler(ctx -> Json.reply(ctx, buildings.confirm(ctx.pathParam("schoolCode"), Access.principal(ctx).username())
            .map(BuildingService.Confirmed::toJson)));

    router.get("/api/v1/areas/:areaCode/buildings.xlsx")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> buildings.areaWorkbook(Access.principal(ctx).username(), ctx.pathParam("areaCode"))
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));

    router.get("/api/v1/reports/buildings.xlsx")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> buildings.nationalWorkbook(Access.principal(ctx).username())
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));

    router.get("/api/v1/areas/:areaCode/buildings/progress")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, buildings.progress(ctx.pathParam("areaCode"))
            .map(BuildingService.Progress::toJson)));
  }
}
