package th.obec.dmc.student;

import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.PhaseGate;

/** A school's roll, a page at a time. */
public final class StudentRoutes {
  private final StudentRepository students;
  private final PromotionService promotion;
  private final Access access;
  private final PhaseGate gate;
  private final RollWorkbooks workbooks;

  public StudentRoutes(StudentRepository students, PromotionService promotion, Access access, PhaseGate gate,
                       RollWorkbooks workbooks) {
    this.students = students;
    this.workbooks = workbooks;
    this.promotion = promotion;
    this.access = access;
    this.gate = gate;
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/students")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          String status = ctx.queryParams().get("status") == null ? "active" : ctx.queryParams().get("status");
          String query = ctx.queryParams().get("q");
          int page = Json.intParam(ctx, "page", 1, 1, 1_000_000);
          int size = Json.intParam(ctx, "size", 100, 1, 1000);
          boolean details = Json.flag(ctx, "details");
          String school = ctx.pathParam("schoolCode");
          (query != null && !query.isBlank()
              ? students.search(school, query.strip(), page, size, details)
              : students.page(school, ctx.queryParams().get("grade"), ctx.queryParams().get("room"),
                  status, page, size, details))
              .compose(found -> !details ? Future.succeededFuture(found)
                  : workbooks.detailsRead(Access.principal(ctx), school, found.getJsonArray("items").stream()
                      .map(o -> ((JsonObject) o).getString("citizenId")).toList(), "students").map(found))
              .onSuccess(found -> Json.ok(ctx, found))
              .onFailure(ctx::fail);
        });

    router.get("/api/v1/schools/:schoolCode/students.xlsx")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> workbooks.roll(Access.principal(ctx), ctx.pathParam("schoolCode"), ctx.queryParams().get("layout"),
                Json.flag(ctx, "details"))
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));

    router.post("/api/v1/rounds/current/promotion")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(gate.require(Action.PROMOTE_STUDENTS))
        .handler(ctx -> promotion.promote(Access.principal(ctx))
            .onSuccess(result -> Json.ok(ctx, result.toJson()))
            .onFailure(ctx::fail));
  }
}
