package th.obec.dmc.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.app.Bodies;
import th.obec.dmc.app.Json;
import th.obec.dmc.app.Problem;

/** Logging in, and the admin API of accounts. */
public final class UserRoutes {
  private final UserService service;
  private final Access access;

  public UserRoutes(UserService service, Access access) {
    this.service = service;
    this.access = access;
  }

  public void mount(Router router) {
    router.post("/api/v1/auth/token").handler(Bodies.json()).handler(ctx -> {
      JsonObject body = Json.body(ctx);
      String password = body.getValue("password") instanceof String s ? s : "";
      service.login(Json.requiredText(body, "username"), password)
          .onSuccess(token -> {
            ctx.response().putHeader("Cache-Control", "no-store");
            Json.ok(ctx, token);
          })
          .onFailure(ctx::fail);
    });

    router.post("/api/v1/users")
        .handler(Bodies.hold())
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(Bodies.json())
        .handler(ctx -> service.create(Access.principal(ctx), Json.body(ctx))
            .onSuccess(user -> Json.created(ctx, user.toJson()))
            .onFailure(ctx::fail));

    router.get("/api/v1/users")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> {
          String roleParam = ctx.queryParams().get("role");
          Role role = roleParam == null ? null : Role.fromWire(roleParam).orElseThrow(() -> Problem.badRequest(
              "UNKNOWN_ROLE", "No role is called " + roleParam + ".", "ไม่รู้จักบทบาท " + roleParam));
          service.list(role, ctx.queryParams().get("schoolCode"), ctx.queryParams().get("areaCode"),
                  Json.intParam(ctx, "limit", 100, 1, 1000), Json.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE))
              .onSuccess(users -> Json.ok(ctx, new JsonObject().put("users",
                  new JsonArray(users.stream().map(User::toJson).toList()))))
              .onFailure(ctx::fail);
        });

    router.post("/api/v1/users/:username/disable")
        .handler(access.require(Role.OBEC_ADMIN))
        .handler(ctx -> service.disable(Access.principal(ctx), ctx.pathParam("username"))
            .onSuccess(user -> Json.ok(ctx, user.toJson()))
            .onFailure(ctx::fail));
  }
}
