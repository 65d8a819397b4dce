package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.wiring.Shared;

import java.util.List;

/** The upload pipeline for every kind of workbook, its results, its error workbooks, and the blank templates. */
public final class UploadFeature implements Feature {
  private final UploadService uploads;
  private final UploadRoutes routes;
  private final TemplateRoutes templates;

  public UploadFeature(Shared shared, List<UploadKind> kinds, SheetLimits limits, CommitGuard guard, Bodies bodies) {
    this.uploads = new UploadService(kinds, shared, limits, guard);
    this.routes = new UploadRoutes(uploads, shared.access(), new ErrorWorkbook(shared.specs(), shared.workers()), bodies);
    this.templates = new TemplateRoutes(shared.specs(), shared.access(), shared.workers());
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
