package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;
import th.obec.dmc.sheet.SheetUpload;

import java.util.List;
import java.util.UUID;

/** Uploading workbooks and reading what became of them. */
public final class UploadRoutes {
  private static final List<Role> READERS = List.of(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN);

  private final UploadService service;
  private final Access access;
  private final ErrorWorkbook errorWorkbook;
  private final Bodies bodies;

  public UploadRoutes(UploadService service, Access access, ErrorWorkbook errorWorkbook, Bodies bodies) {
    this.bodies = bodies;
    this.service = service;
    this.access = access;
    this.errorWorkbook = errorWorkbook;
  }

  public void mount(Router router) {
    router.post("/api/v1/schools/:schoolCode/uploads")
        .handler(Bodies.hold())
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.AREA_STAFF))
        .handler(bodies.file())
        .handler(this::upload);

    router.get("/api/v1/uploads/:id")
        .handler(access.require(READERS.toArray(Role[]::new)))
        .handler(ctx -> stored(ctx).onSuccess(s -> {
          var body = s.result() != null ? s.result() : new JsonObject()
              .put("id", s.record().id().toString()).put("kind", s.record().kind())
              .put("schoolCode", s.record().schoolCode()).put("dryRun", s.record().dryRun());
          Json.ok(ctx, body.copy().put("status", s.record().status()));
        }).onFailure(ctx::fail));

    router.get("/api/v1/uploads/:id/errors.xlsx")
        .handler(access.require(READERS.toArray(Role[]::new)))
        .handler(ctx -> stored(ctx)
            .compose(s -> errorWorkbook.write(Access.principal(ctx).username(), s.record().kind(), s.record().id(), service.rejectedRows(s.record().id())))
            .onSuccess(file -> file.send(ctx))
            .onFailure(ctx::fail));
  }

  private void upload(RoutingContext ctx) {
    Principal p = Access.principal(ctx);
    UploadKind kind = service.kind(ctx.queryParams().get("kind"));
    if (p.role() == Role.AREA_STAFF && !kind.areaStaffMayUpload()) {
      throw Problem.forbidden("ROLE_NOT_ALLOWED", "Area staff may upload buildings only; " + kind.name()
          + " come from the school's own staff.", "เจ้าหน้าที่ สพท. ส่งได้เฉพาะข้อมูลอาคาร ข้อมูลนี้ต้องส่งโดยโรงเรียน");
    }
    boolean dryRun = Json.flag(ctx, "dryRun");
    String prefer = ctx.request().getHeader("Prefer");
    boolean async = prefer != null && prefer.toLowerCase().contains("respond-async");
    service.upload(p, ctx.pathParam("schoolCode"), kind, dryRun, async, SheetUpload.from(ctx))
        .onSuccess(outcome -> {
          if (outcome.status() != 200 || !dryRun) {
            ctx.response().putHeader("Location", "/api/v1/uploads/" + outcome.id());
          }
          ctx.response().setStatusCode(outcome.status())
              .putHeader("Content-Type", "application/json; charset=utf-8")
              .end(outcome.body().encode());
        })
        .onFailure(ctx::fail);
  }

  private Future<UploadRepository.Stored> stored(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.notFound("UPLOAD_NOT_FOUND",
          "No upload has the id " + ctx.pathParam("id") + ".", "ไม่พบรายการส่งไฟล์รหัส " + ctx.pathParam("id")));
    }
    return service.find(id).compose(s -> access.checkSchool(Access.principal(ctx), s.record().schoolCode(), READERS)
        .map(s));
  }
}
