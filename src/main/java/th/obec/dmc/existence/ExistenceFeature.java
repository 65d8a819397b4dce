package th.obec.dmc.existence;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Access;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.UploadKind;

import java.util.Map;

/** The 10 November round: answers, certification, acknowledgement, the close, and their meters. */
public final class ExistenceFeature implements Feature {
  private final ExistenceService existence;
  private final RoundService rounds;
  private final ExistenceUploads uploads;
  private final ExistenceRoutes routes;

  public ExistenceFeature(Vertx vertx, Pool pool, Round round, RegistryService registry, AuditLog audit,
                          BusinessClock clock, Workers workers, Map<String, SheetSpec> specs, MeterRegistry metrics,
                          Access access, PhaseGate gate, java.time.LocalDate countDate) {
    ExistenceRepository repository = new ExistenceRepository(pool);
    RoundMeters meters = new RoundMeters(metrics);
    meters.refreshEvery(vertx, repository, round);
    this.existence = new ExistenceService(repository, registry, audit, clock, round,
        specs.get("students").column("grade").orElseThrow(), specs.get("existence").column("reason").orElseThrow(),
        meters);
    this.rounds = new RoundService(repository, registry, audit, clock, round, meters, countDate);
    this.uploads = new ExistenceUploads(specs.get("existence"), repository, round);
    this.routes = new ExistenceRoutes(existence, rounds, access, gate, new ExistenceWorkbooks(specs.get("existence"),
        specs.get("duplicates"), repository, registry, workers, round));
  }

  /** Uploads of the roll check this, inside their transaction: a certified roll is read-only. */
  public ExistenceService existence() {
    return existence;
  }

  public RoundService rounds() {
    return rounds;
  }

  /** The existence workbook, sent back marked. */
  public UploadKind uploadKind() {
    return uploads;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
