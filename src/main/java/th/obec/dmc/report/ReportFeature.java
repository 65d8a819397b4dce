package th.obec.dmc.report;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.auth.Access;
import th.obec.dmc.existence.Round;
import th.obec.dmc.existence.RoundService;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.SheetSpec;

import java.time.ZoneId;
import java.util.Map;

/** School, area and national workbooks, and the subsidy budget. */
public final class ReportFeature implements Feature {
  private final ReportRoutes routes;

  public ReportFeature(Pool pool, RegistryService registry, RoundService rounds, SubsidyRates rates, Round round,
                       Workers workers, ZoneId zone, Map<String, SheetSpec> specs, Access access,
                       java.time.LocalDate countDate) {
    ReportRepository repository = new ReportRepository(pool);
    this.routes = new ReportRoutes(new SubsidyReport(repository, registry, rates, round, round, countDate),
        new RosterReports(repository, registry, rounds, workers, round, zone, specs, round, countDate), access,
        specs.get("report-subsidy"), workers, round);
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
