package th.obec.dmc.report;

import io.vertx.ext.web.Router;
import th.obec.dmc.app.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;

/** Reports over HTTP: OBEC sees the country, an area office its own area. */
public final class ReportRoutes {
  private final SubsidyReport subsidy;
  private final Access access;

  public ReportRoutes(SubsidyReport subsidy, Access access) {
    this.subsidy = subsidy;
    this.access = access;
  }

  public void mount(Router router) {
    router.get("/api/v1/reports/subsidy.json")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          Principal p = Access.principal(ctx);
          String area = p.role() == Role.AREA_STAFF ? p.areaCode() : ctx.queryParams().get("areaCode");
          subsidy.compute(area).onSuccess(report -> Json.ok(ctx, report)).onFailure(ctx::fail);
        });
  }
}
