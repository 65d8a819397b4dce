package th.obec.dmc.building;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.auth.Access;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.UploadKind;

import java.time.ZoneId;
import java.util.Map;

/** Building records (B-OBEC): their workbook, the school's confirmation, and the summaries. */
public final class BuildingFeature implements Feature {
  private final UploadKind uploads;
  private final BuildingRoutes routes;

  public BuildingFeature(Pool pool, RegistryService registry, BusinessClock clock, Workers workers, ZoneId zone,
                         Map<String, SheetSpec> specs, Access access, PhaseGate gate) {
    BuildingRepository buildings = new BuildingRepository(pool);
    this.uploads = new BuildingUploads(specs.get("buildings"), buildings, zone);
    this.routes = new BuildingRoutes(new BuildingService(buildings, registry, clock, workers,
        specs.get("report-buildings"), zone), access, gate);
  }

  public UploadKind uploadKind() {
    return uploads;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
