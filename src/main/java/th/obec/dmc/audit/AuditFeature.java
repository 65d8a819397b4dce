package th.obec.dmc.audit;

import io.vertx.ext.web.Router;
import th.obec.dmc.auth.Access;
import th.obec.dmc.kernel.Feature;

/** Reading the audit trail. */
public final class AuditFeature implements Feature {
  private final AuditRoutes routes;

  public AuditFeature(AuditLog audit, Access access) {
    this.routes = new AuditRoutes(audit, access);
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
