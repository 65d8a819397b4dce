package th.obec.dmc.registry;

import io.vertx.ext.web.Router;
import th.obec.dmc.auth.Access;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Feature;

/** Areas and schools: the registry import and its read routes. */
public final class RegistryFeature implements Feature {
  private final RegistryRoutes routes;

  public RegistryFeature(RegistryService registry, Access access, Bodies bodies) {
    this.routes = new RegistryRoutes(registry, access, bodies);
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
