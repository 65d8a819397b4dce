package th.obec.dmc.registry;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Role;
import th.obec.dmc.sheet.SheetUpload;

/** The registry over HTTP: OBEC imports it; areas and schools read their part of it. */
public final class RegistryRoutes {
  private final RegistryService service;
  private final Access access;
  private final Bodies bodies;

  public RegistryRoutes(RegistryService service, Access access, Bodies bodies) {
    this.service = service;
    this.access = access;
    this.bodies = bodies;
  }

  public void mount(Router router) {
    router.post("/api/v1/registry/schools")
        .handler(Bodies.hold())
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(bodies.file())
        .handler(ctx -> Json.reply(ctx, service.importSchools(Access.principal(ctx), SheetUpload.from(ctx))
            .map(RegistryJson::imported)));

    router.get("/api/v1/areas")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, service.areas().map(RegistryJson::areas)));

    router.get("/api/v1/areas/:areaCode/schools")
        .handler(access.requireArea(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, service.schoolsOfArea(ctx.pathParam("areaCode")).map(RegistryJson::schoolsOfArea)));

    router.get("/api/v1/schools/:schoolCode")
        .handler(access.requireSchool(Role.SCHOOL_STAFF, Role.SCHOOL_DIRECTOR, Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> Json.reply(ctx, service.school(ctx.pathParam("schoolCode")).map(RegistryJson::school)));
  }
}
