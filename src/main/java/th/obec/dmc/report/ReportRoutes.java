package th.obec.dmc.report;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.existence.Round;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.SheetSpec;

/** Reports over HTTP: OBEC sees the country, an area office its own area. */
public final class ReportRoutes {
  private final SubsidyReport subsidy;
  private final RosterReports rosters;
  private final Access access;
  private final SheetSpec subsidySpec;
  private final Workers workers;

  private final Round current;

  public ReportRoutes(SubsidyReport subsidy, RosterReports rosters, Access access, SheetSpec subsidySpec, Workers workers,
                      Round current) {
    this.subsidy = subsidy;
    this.rosters = rosters;
    this.access = access;
    this.subsidySpec = subsidySpec;
    this.workers = workers;
    this.current = current;
  }

  public void mount(Router router) {
    router.get("/api/v1/schools/:schoolCode/report.xlsx")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> round(ctx).compose(r -> rosters.of(r).school(Access.principal(ctx), ctx.pathParam("schoolCode"),
            Json.flag(ctx, "details")))
            .onSuccess(f -> f.send(ctx)).onFailure(ctx::fail));

    router.get("/api/v1/areas/:areaCode/report.xlsx")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> round(ctx).compose(r -> rosters.of(r).area(Access.principal(ctx), ctx.pathParam("areaCode")))
            .onSuccess(f -> f.send(ctx)).onFailure(ctx::fail));

    router.get("/api/v1/reports/national.xlsx")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> round(ctx).compose(r -> rosters.of(r).national(Access.principal(ctx).username())).onSuccess(f -> f.send(ctx)).onFailure(ctx::fail));

    router.get("/api/v1/reports/subsidy.xlsx")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          Principal p = Access.principal(ctx);
          String area = p.role() == Role.AREA_STAFF ? p.areaCode() : ctx.queryParams().get("areaCode");
          round(ctx).compose(r -> subsidy.of(r).workbook(Access.principal(ctx).username(), area, subsidySpec, workers))
              .onSuccess(f -> f.send(ctx)).onFailure(ctx::fail);
        });

    router.get("/api/v1/reports/subsidy-rates")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> Json.ok(ctx, SubsidyJson.rates(subsidy.ratesInUse())));

    router.get("/api/v1/reports/subsidy.json")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          Principal p = Access.principal(ctx);
          String area = p.role() == Role.AREA_STAFF ? p.areaCode() : ctx.queryParams().get("areaCode");
          Json.reply(ctx, round(ctx).compose(r -> subsidy.of(r).compute(area)).map(SubsidyJson::figures));
        });
  }

  /** {@code ?academicYear=&term=}: a closed round, kept after the next one opened; the current round by default. */
  private Future<Round> round(RoutingContext ctx) {
    int year = Json.intParam(ctx, "academicYear", current.academicYear(), 2500, 2700);
    int term = Json.intParam(ctx, "term", current.term(), 1, 2);
    return rosters.available(new Round(year, term), current);
  }
}
