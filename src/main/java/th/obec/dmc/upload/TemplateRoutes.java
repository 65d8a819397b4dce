package th.obec.dmc.upload;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.auth.Access;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.TemplateWriter;

import java.util.Map;

/** The blank workbooks, generated from the column specs in {@code templates/}. */
public final class TemplateRoutes {
  private final Map<String, SheetSpec> specs;
  private final Access access;
  private final Workers workers;

  public TemplateRoutes(Map<String, SheetSpec> specs, Access access, Workers workers) {
    this.specs = specs;
    this.access = access;
    this.workers = workers;
  }

  public void mount(Router router) {
    router.get("/api/v1/templates/:file")
        .handler(access.requireLogin())
        .handler(ctx -> {
          String file = ctx.pathParam("file");
          SheetSpec spec = file.endsWith(".xlsx") ? specs.get(file.substring(0, file.length() - 5)) : null;
          if (spec == null) {
            throw Problem.notFound("UNKNOWN_TEMPLATE", "No template " + file + "; there are " + specs.keySet()
                + " (as .xlsx).", "ไม่พบแบบฟอร์ม " + file);
          }
          workers.sheets(() -> TemplateWriter.template(spec))
              .onSuccess(workbook -> workbook.send(ctx))
              .onFailure(ctx::fail);
        });
  }
}
