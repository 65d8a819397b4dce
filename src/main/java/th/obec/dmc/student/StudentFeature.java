package th.obec.dmc.student;

import io.vertx.ext.web.Router;
import th.obec.dmc.audit.DetailsReads;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.wiring.Shared;

import java.time.ZoneId;
import java.util.List;

/** Student records (DMC): the roll, its workbook and the movements workbook. */
public final class StudentFeature implements Feature {
  private final List<UploadKind> uploadKinds;
  private final StudentRoutes routes;

  public StudentFeature(Shared shared) {
    SheetSpec spec = shared.specs().require("students");
    int academicYear = shared.calendar().academicYear();
    ZoneId zone = shared.calendar().zone();
    StudentRepository students = new StudentRepository(shared.pool(), spec);
    this.uploadKinds = List.of(
        new StudentUploads(spec, students, shared.registry(), academicYear, zone),
        new MovementUploads(shared.specs().require("movements"), students, zone, new SchoolCodes(shared.registry()),
            shared.registry()));
    this.routes = new StudentRoutes(students, new PromotionService(new PromotionRepository(shared.pool()), shared.audit(),
        shared.clock(), academicYear, spec.promotion()), shared.access(), shared.gate(),
        new RollWorkbooks(students, shared.registry(), shared.workers(), shared.clock(), zone, spec,
            new DetailsReads(shared.pool(), shared.audit(), shared.disclosures(), zone)));
  }

  public List<UploadKind> uploadKinds() {
    return uploadKinds;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
