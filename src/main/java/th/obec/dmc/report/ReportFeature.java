package th.obec.dmc.report;

import io.vertx.ext.web.Router;
import th.obec.dmc.existence.Round;
import th.obec.dmc.existence.RoundService;
import th.obec.dmc.audit.DetailsReads;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.wiring.Shared;

import java.time.LocalDate;

/** School, area and national workbooks, and the subsidy budget. */
public final class ReportFeature implements Feature {
  private final ReportRoutes routes;

  public ReportFeature(Shared shared, RoundService rounds, SubsidyRates rates) {
    Round round = Round.of(shared.calendar());
    LocalDate countDate = shared.calendar().countDate();
    // Reports read through the report pool (a replica behind HAProxy's read port when DMC_REPORT_DB_URL is set).
    ReportRepository repository = new ReportRepository(shared.reportPool());
    this.routes = new ReportRoutes(new SubsidyReport(repository, shared.registry(), rates, round, round, countDate),
        new RosterReports(repository, shared.registry(), rounds, shared.workers(), round, shared.calendar().zone(),
            shared.specs(), round, countDate, new DetailsReads(shared.pool(), shared.audit(), shared.disclosures(),
            shared.calendar().zone()), shared.clock()), shared.access(), shared.specs().require("report-subsidy"),
        shared.workers(), round);
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
