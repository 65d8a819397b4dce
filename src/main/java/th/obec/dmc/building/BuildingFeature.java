package th.obec.dmc.building;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.wiring.Shared;

import java.time.ZoneId;

/** Building records (B-OBEC): their workbook, the school's confirmation, and the summaries. */
public final class BuildingFeature implements Feature {
  private final UploadKind uploads;
  private final BuildingRoutes routes;

  public BuildingFeature(Shared shared) {
    ZoneId zone = shared.calendar().zone();
    BuildingRepository buildings = new BuildingRepository(shared.pool());
    this.uploads = new BuildingUploads(shared.specs().require("buildings"), buildings, zone);
    this.routes = new BuildingRoutes(new BuildingService(buildings, shared.registry(), shared.clock(), shared.workers(),
        shared.specs().require("report-buildings"), zone), shared.access(), shared.gate());
  }

  public UploadKind uploadKind() {
    return uploads;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
