package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;

import java.util.List;

/** Reading the audit trail: OBEC everywhere, an area office within its area. There is no route that writes it. */
public final class AuditRoutes {
  private final AuditLog audit;
  private final Access access;

  public AuditRoutes(AuditLog audit, Access access) {
    this.audit = audit;
    this.access = access;
  }

  public void mount(Router router) {
    router.get("/api/v1/audit")
        .handler(access.require(Role.AREA_STAFF, Role.OBEC_ADMIN))
        .handler(ctx -> {
          Principal p = Access.principal(ctx);
          String school = ctx.queryParams().get("schoolCode");
          String area = p.role() == Role.AREA_STAFF ? p.areaCode() : ctx.queryParams().get("areaCode");
          Future<Void> scope = school == null ? Future.succeededFuture()
              : access.checkSchool(p, school, List.of(Role.AREA_STAFF, Role.OBEC_ADMIN));
          Json.Page page = Json.page(ctx, 200, 5000);
          scope.compose(v -> audit.list(school, area, page))
              .onSuccess(events -> Json.ok(ctx, events))
              .onFailure(ctx::fail);
        });
  }
}
