package th.obec.dmc.upload;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.JsonArray;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.kernel.Json;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Passwords;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.Specs;
import th.obec.dmc.sheet.TemplateWriter;


/** The blank workbooks, generated from the column specs in {@code templates/}. */
public final class TemplateRoutes {
  private final Specs specs;
  private final Access access;
  private final Workers workers;

  public TemplateRoutes(Specs specs, Access access, Workers workers) {
    this.specs = specs;
    this.access = access;
    this.workers = workers;
  }

  public void mount(Router router) {
    router.get("/api/v1/templates/:file")
        .handler(access.requireLogin())
        .handler(ctx -> {
          String file = ctx.pathParam("file");
          SheetSpec spec = file.endsWith(".xlsx") ? specs.find(file.substring(0, file.length() - 5)).orElse(null) : null;
          if (spec == null) {
            throw Problem.notFound("UNKNOWN_TEMPLATE", "No template " + file + "; there are " + specs.kinds()
                + " (as .xlsx).", "ไม่พบแบบฟอร์ม " + file);
          }
          workers.sheets(Access.principal(ctx).username(), () -> TemplateWriter.template(spec))
              .onSuccess(workbook -> workbook.send(ctx))
              .onFailure(ctx::fail);
        });

    // The password rule, for the page that asks for a new password: public, since a first login's token may
    // do nothing but change the password, and the rule is no secret. Mounted before the specs' route.
    router.get("/api/v1/specs/password").handler(ctx -> Json.ok(ctx, Passwords.rule()));

    // The same specs as JSON, so the pages show the workbooks' own headers and code lists (reasons, grades).
    router.get("/api/v1/specs/:kind")
        .handler(access.requireLogin())
        .handler(ctx -> {
          SheetSpec spec = specs.find(ctx.pathParam("kind")).orElse(null);
          if (spec == null) {
            throw Problem.notFound("UNKNOWN_TEMPLATE", "No workbook spec " + ctx.pathParam("kind") + "; there are "
                + specs.kinds() + ".", "ไม่พบแบบฟอร์ม " + ctx.pathParam("kind"));
          }
          Json.ok(ctx, json(spec));
        });
  }

  private static JsonObject json(SheetSpec spec) {
    JsonArray columns = new JsonArray();
    for (ColumnSpec c : spec.columns()) {
      JsonArray codes = new JsonArray();
      c.codes().forEach(o -> codes.add(new JsonObject().put("code", o.code()).put("labelTh", o.labelTh())
          .put("labelEn", o.labelEn())));
      columns.add(new JsonObject().put("key", c.key()).put("headerTh", c.headerTh())
          .put("headerEn", c.headerEn()).put("type", c.type()).put("required", c.required()).put("codes", codes));
    }
    return new JsonObject().put("kind", spec.kind()).put("titleTh", spec.titleTh())
        .put("titleEn", spec.titleEn()).put("columns", columns);
  }
}
