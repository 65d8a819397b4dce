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
import th.obec.dmc.app.Workers;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A school's buildings, its confirmation of them (B-OBEC step 2.1.1), and the area's view of who confirmed. */
public final class BuildingRoutes {
  private final BuildingRepository buildings;
  private final RegistryService registry;
  private final Access access;
  private final PhaseGate gate;
  private final BusinessClock clock;
  private final Workers workers;
  private final SheetSpec summarySpec;

  public BuildingRoutes(BuildingRepository buildings, RegistryService registry, Access access, PhaseGate gate,
                        BusinessClock clock, Workers workers, SheetSpec summarySpec) {
    this.workers = workers;
    this.summarySpec = summarySpec;
    this.buildings = buildings;
    this.registry = registry;
    this.access = access;
    this.gate = gate;
    this.clock = clock;
  }

  /** One row per school with buildings; {@code schools} null for the whole country. */
  private Future<ReportFile> summaryWorkbook(List<String> schools, String scope, String ascii, String thai) {
    int thisYearBe = clock.now().atZone(java.time.ZoneId.of("Asia/Bangkok")).getYear() + ThaiDates.BE_OFFSET;
    return buildings.summary(schools, thisYearBe).compose(rows -> {
      List<String> codes = new ArrayList<>();
      rows.forEach(r -> codes.add(r.getString("school_code")));
      return registry.schools(codes).compose(registered -> workers.sheets(() -> {
        ReportWriter w = new ReportWriter();
        w.sheet(summarySpec.sheetNameTh(), summarySpec.titleTh() + " " + scope, summarySpec.columns());
        for (Row r : rows) {
          var school = registered.get(r.getString("school_code"));
          w.row(Arrays.asList(r.getString("school_code"), school == null ? "" : school.areaCode(),
              r.getLong("buildings"), r.getLong("classroom"), r.getLong("multipurpose"), r.getLong("teacher_house"),
              r.getLong("toilet"), r.getLong("other_category"), r.getLong("good"), r.getLong("fair"),
              r.getLong("damaged"), r.getLong("dilapidated"), r.getLong("rooms_by_plan"), r.getLong("rooms_in_use"),
              r.getValue("average_age") == null ? null : Double.valueOf(th.obec.dmc.db.SqlText.of(r.getValue("average_age")))));
        }
        return ReportFile.of(w, ascii, thai);
      }));
    });
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

    router.get("/api/v1/areas/:areaCode/buildings.xlsx")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          String area = ctx.pathParam("areaCode");
          registry.schoolCodesOfArea(area)
              .compose(codes -> summaryWorkbook(codes, "สพท. " + area, "buildings-" + area + ".xlsx", "อาคาร-" + area + ".xlsx"))
              .onSuccess(file -> file.send(ctx))
              .onFailure(ctx::fail);
        });

    router.get("/api/v1/reports/buildings.xlsx")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> summaryWorkbook(null, "ทั้งประเทศ", "buildings-national.xlsx", "อาคาร-ทั้งประเทศ.xlsx")
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));

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
