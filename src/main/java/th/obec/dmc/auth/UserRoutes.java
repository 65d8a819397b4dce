package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.ClientAddress;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.sheet.SheetUpload;

/** Logging in, one's own password, and the accounts API of OBEC and of area offices. */
public final class UserRoutes {
  private final UserService service;
  private final BulkAccounts bulk;
  private final Access access;
  private final Bodies bodies;
  private final ClientAddress clients;

  private final Sessions sessions;
  private final CrossSiteGuard crossSite;

  public UserRoutes(UserService service, BulkAccounts bulk, Access access, Bodies bodies, ClientAddress clients,
                    Sessions sessions, CrossSiteGuard crossSite) {
    this.sessions = sessions;
    this.crossSite = crossSite;
    this.clients = clients;
    this.service = service;
    this.bulk = bulk;
    this.access = access;
    this.bodies = bodies;
  }

  public void mount(Router router) {
    mountLogins(router);
    mountAccounts(router);
  }

  /** Logging in (a token for the API, a cookie for the pages), the page's session, logging out, one's password. */
  private void mountLogins(Router router) {
    router.post("/api/v1/auth/token").handler(Bodies.json()).handler(this::token);
    // The pages' session: a cookie instead of a token in the page's memory, so a reload keeps the user.
    router.post("/api/v1/auth/session").handler(crossSite).handler(Bodies.json()).handler(this::openSession);
    router.get("/api/v1/auth/session").handler(this::currentSession);
    router.post("/api/v1/auth/logout").handler(crossSite).handler(access.requireLoginForPasswordChange())
        .handler(this::logout);
    router.post("/api/v1/auth/password").handler(crossSite).handler(Bodies.hold())
        .handler(access.requireLoginForPasswordChange()).handler(Bodies.json()).handler(this::changePassword);
  }

  /** The accounts API of OBEC and of the area offices. */
  private void mountAccounts(Router router) {
    router.post("/api/v1/users").handler(Bodies.hold()).handler(access.require(Role.OBEC_ADMIN, Role.AREA_STAFF))
        .handler(Bodies.json())
        .handler(ctx -> service.create(Access.principal(ctx), UserService.NewAccount.of(Json.body(ctx)))
            .onSuccess(user -> Json.created(ctx, user.toJson()))
            .onFailure(ctx::fail));
    router.post("/api/v1/users/bulk").handler(Bodies.hold()).handler(access.require(Role.OBEC_ADMIN, Role.AREA_STAFF))
        .handler(bodies.file())
        .handler(ctx -> bulk.create(Access.principal(ctx), SheetUpload.from(ctx))
            .onSuccess(file -> {
              ctx.response().setStatusCode(201);
              file.send(ctx);
            })
            .onFailure(ctx::fail));
    router.get("/api/v1/users").handler(access.require(Role.OBEC_ADMIN, Role.AREA_STAFF)).handler(this::listUsers);
    router.post("/api/v1/users/:username/disable").handler(access.require(Role.OBEC_ADMIN, Role.AREA_STAFF))
        .handler(ctx -> service.disable(Access.principal(ctx), ctx.pathParam("username"))
            .onSuccess(user -> Json.ok(ctx, user.toJson()))
            .onFailure(ctx::fail));
    router.post("/api/v1/users/:username/password-reset").handler(access.require(Role.OBEC_ADMIN, Role.AREA_STAFF))
        .handler(ctx -> secret(ctx, service.resetPassword(Access.principal(ctx), ctx.pathParam("username"))
            .map(InitialPassword::toJson)));
  }

  private void token(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    secret(ctx, service.login(Json.requiredText(body, "username"), password(body, "password"), address(ctx))
        .map(IssuedToken::toJson));
  }

  private void openSession(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    secret(ctx, service.verify(Json.requiredText(body, "username"), password(body, "password"), address(ctx))
        .compose(account -> sessions.open(ctx, account.principal().username())
            .compose(csrf -> service.sessionAnswer(account.principal(), account.mustChangePassword(), csrf)))
        .map(UserService.SessionView::toJson));
  }

  private void currentSession(RoutingContext ctx) {
    secret(ctx, sessions.of(ctx).compose(found -> found.isEmpty()
        ? Future.failedFuture(Problem.unauthorized("SESSION_EXPIRED", "No session: log in.", "ยังไม่ได้เข้าสู่ระบบ"))
        : service.sessionAnswer(found.get().principal(), found.get().mustChangePassword(), found.get().csrfToken())
            .map(UserService.SessionView::toJson)));
  }

  private void logout(RoutingContext ctx) {
    boolean everywhere = Json.flag(ctx, "everywhere");
    Future<Void> done = everywhere
        ? sessions.closeAll(Access.principal(ctx).username()).compose(v -> sessions.close(ctx))
        : sessions.close(ctx);
    done.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    secret(ctx, service.changePassword(Access.principal(ctx), password(body, "currentPassword"),
            password(body, "newPassword"), address(ctx))
        // A page changed it: its own session was ended with the others, so it gets a fresh one.
        .map(IssuedToken::toJson)
        .compose(token -> !Access.bySession(ctx) ? Future.succeededFuture(token)
            : sessions.open(ctx, Access.principal(ctx).username()).map(csrf -> token.put("csrfToken", csrf))));
  }

  private void listUsers(RoutingContext ctx) {
    String roleParam = ctx.queryParams().get("role");
    Role role = roleParam == null ? null : Role.fromWire(roleParam).orElseThrow(() -> Problem.badRequest(
        "UNKNOWN_ROLE", "No role is called " + roleParam + ".", "ไม่รู้จักบทบาท " + roleParam));
    Json.Page page = Json.page(ctx, 100, 1000);
    service.list(Access.principal(ctx), role, ctx.queryParams().get("schoolCode"), ctx.queryParams().get("areaCode"),
            page.size(), page.offset())
        .onSuccess(found -> Json.ok(ctx, page.answer(new JsonArray(found.users().stream().map(User::toJson).toList()),
            found.total())))
        .onFailure(ctx::fail);
  }

  /** An answer holding a token, a CSRF token or a password: never kept by a cache on the way. */
  private static void secret(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      Json.ok(ctx, json);
    }).onFailure(ctx::fail);
  }

  /** A password field: anything but a string counts as empty (refused as a wrong password, never as a 500). */
  private static String password(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : "";
  }

  /** The client's own address, behind the balancer too: the login throttle counts schools, not HAProxy. */
  private String address(RoutingContext ctx) {
    return clients.of(ctx.request());
  }
}
