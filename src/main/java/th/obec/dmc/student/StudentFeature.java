package th.obec.dmc.student;

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

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Student records (DMC): the roll, its workbook and the movements workbook. */
public final class StudentFeature implements Feature {
  private final List<UploadKind> uploadKinds;
  private final StudentRoutes routes;

  public StudentFeature(Pool pool, RegistryService registry, int academicYear, ZoneId zone, Map<String, SheetSpec> specs,
                        AuditLog audit, BusinessClock clock, Access access, PhaseGate gate, Workers workers) {
    StudentRepository students = new StudentRepository(pool, specs.get("students"));
    this.uploadKinds = List.of(
        new StudentUploads(specs.get("students"), students, registry, academicYear, zone),
        new MovementUploads(specs.get("movements"), students, zone, new SchoolCodes(registry)));
    this.routes = new StudentRoutes(students, new PromotionService(new PromotionRepository(pool), audit, clock,
        academicYear, specs.get("students").promotion()), access, gate,
        new RollWorkbooks(students, registry, workers, clock, zone, specs.get("students")));
  }

  public List<UploadKind> uploadKinds() {
    return uploadKinds;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
