package th.obec.dmc.report;

import io.vertx.ext.web.Router;
import th.obec.dmc.app.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;

/** Reports over HTTP: OBEC sees the country, an area office its own area. */
public final class ReportRoutes {
  private final SubsidyReport subsidy;
  private final RosterReports rosters;
  private final Access access;

  public ReportRoutes(SubsidyReport subsidy, RosterReports rosters, Access access) {
    this.subsidy = subsidy;
    this.rosters = rosters;
    this.access = access;
  }

  private static void send(io.vertx.ext.web.RoutingContext ctx, RosterReports.ReportFile file) {
    String encoded = java.net.URLEncoder.encode(file.thaiName(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    ctx.response()
        .putHeader("Content-Type", th.obec.dmc.sheet.WorkbookFile.XLSX)
        .putHeader("Content-Disposition", "attachment; filename=\"" + file.asciiName() + "\"; filename*=UTF-8''" + encoded)
        .sendFile(file.path().toString())
        .onComplete(done -> file.path().toFile().delete());
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/report.xlsx")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> rosters.school(ctx.pathParam("schoolCode")).onSuccess(f -> send(ctx, f)).onFailure(ctx::fail));

    router.get("/api/v1/areas/:areaCode/report.xlsx")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> rosters.area(ctx.pathParam("areaCode")).onSuccess(f -> send(ctx, f)).onFailure(ctx::fail));

    router.get("/api/v1/reports/subsidy.json")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          Principal p = Access.principal(ctx);
          String area = p.role() == Role.AREA_STAFF ? p.areaCode() : ctx.queryParams().get("areaCode");
          subsidy.compute(area).onSuccess(report -> Json.ok(ctx, report)).onFailure(ctx::fail);
        });
  }
}
