package th.obec.dmc.upload;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.RegistryLookup;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetSpec;

import java.util.List;
import java.util.Map;

/** The upload pipeline for every kind of workbook, its results, its error workbooks, and the blank templates. */
public final class UploadFeature implements Feature {
  private final UploadService uploads;
  private final UploadRoutes routes;
  private final TemplateRoutes templates;

  public UploadFeature(List<UploadKind> kinds, Pool pool, Workers workers, PhaseGate gate, RoundCalendar calendar,
                       BusinessClock clock, SheetLimits limits, CommitGuard guard, AuditLog audit,
                       RegistryLookup registry, MeterRegistry metrics, Map<String, SheetSpec> specs, Access access,
                       Bodies bodies) {
    this.uploads = new UploadService(kinds, new UploadRepository(pool), workers, gate, calendar, clock, limits, guard,
        audit, registry, metrics);
    this.routes = new UploadRoutes(uploads, access, new ErrorWorkbook(specs, workers), bodies);
    this.templates = new TemplateRoutes(specs, access, workers);
  }

  /** Before serving: uploads a crash left behind are marked failed. */
  public Future<Integer> start() {
    return uploads.failInterrupted();
  }

  @Override
  public void mount(Router router) {
    templates.mount(router);
    routes.mount(router);
  }
}
