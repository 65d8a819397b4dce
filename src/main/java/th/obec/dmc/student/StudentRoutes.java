package th.obec.dmc.student;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;

/** A school's roll, a page at a time. */
public final class StudentRoutes {
  private final StudentRepository students;
  private final Access access;

  public StudentRoutes(StudentRepository students, Access access) {
    this.students = students;
    this.access = access;
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/students")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          String status = ctx.queryParams().get("status") == null ? "active" : ctx.queryParams().get("status");
          students.page(ctx.pathParam("schoolCode"), ctx.queryParams().get("grade"), ctx.queryParams().get("room"),
                  status, Json.intParam(ctx, "page", 1, 1, 1_000_000), Json.intParam(ctx, "size", 100, 1, 1000))
              .onSuccess(page -> Json.ok(ctx, page))
              .onFailure(ctx::fail);
        });
  }
}
