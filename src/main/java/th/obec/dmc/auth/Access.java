package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Problem;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Guards a route: a valid token (401 otherwise), one of the given roles, and for school and area
 * routes the right school or area (403 otherwise). Each guard authenticates by itself, so a route
 * without a guard is public by construction and visibly so in its routes class.
 */
public final class Access {
  private static final String PRINCIPAL = "dmc.principal";
  private static final String BY_SESSION = "dmc.bySession";

  private final TokenService tokens;
  private final RegistryLookup schools;
  private final Revocations revocations;
  private final Sessions sessions;

  public Access(TokenService tokens, RegistryLookup schools, Revocations revocations, Sessions sessions) {
    this.tokens = tokens;
    this.schools = schools;
    this.revocations = revocations;
    this.sessions = sessions;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** Any of these roles, nationwide resources. */
  public Handler<RoutingContext> require(Role... roles) {
    List<Role> allowed = Arrays.asList(roles);
    return ctx -> authenticate(ctx)
        .map(p -> checkRole(p, allowed))
        .onSuccess(p -> ctx.next())
        .onFailure(ctx::fail);
  }

  /** Routes with {@code :areaCode}: area users only for their own area; OBEC everywhere. */
  public Handler<RoutingContext> requireArea(Role... roles) {
    List<Role> allowed = Arrays.asList(roles);
    return ctx -> authenticate(ctx)
        .map(p -> {
          checkRole(p, allowed);
          String area = ctx.pathParam("areaCode");
          if (p.role().scope() != Role.Scope.NATIONAL && !area.equals(p.areaCode())) {
            throw outOfScope("area " + area, "สพท. " + area);
          }
          return p;
        })
        .onSuccess(p -> ctx.next())
        .onFailure(ctx::fail);
  }

  /** Routes with {@code :schoolCode}: school users for their school, area users for their area's schools. */
  public Handler<RoutingContext> requireSchool(Role... roles) {
    List<Role> allowed = Arrays.asList(roles);
    return ctx -> authenticate(ctx)
        .compose(p -> checkSchool(p, ctx.pathParam("schoolCode"), allowed))
        .onSuccess(ok -> ctx.next())
        .onFailure(ctx::fail);
  }

  /** Any logged-in user. */
  public Handler<RoutingContext> requireLogin() {
    return require(Role.values());
  }

  /** Any logged-in user, even one whose initial password is still to be changed: the route that changes it. */
  Handler<RoutingContext> requireLoginForPasswordChange() {
    return ctx -> authenticate(ctx, true).onSuccess(p -> ctx.next()).onFailure(ctx::fail);
  }

  /** For resources that belong to a school but are addressed otherwise (an upload by its id). */
  public Future<Void> checkSchool(Principal p, String school, List<Role> allowed) {
    checkRole(p, allowed);
    return switch (p.role().scope()) {
      case NATIONAL -> Future.succeededFuture();
      case SCHOOL -> school.equals(p.schoolCode()) ? Future.succeededFuture()
          : Future.failedFuture(outOfScope("school " + school, "โรงเรียน " + school));
      case AREA -> schools.areaOf(school).compose(area -> checkArea(school, area, p));
    };
  }

  private static Future<Void> checkArea(String school, Optional<String> area, Principal p) {
    if (area.isEmpty()) {
      return Future.failedFuture(Problem.notFound("SCHOOL_NOT_FOUND", "No school has the code " + school + ".",
          "ไม่พบโรงเรียนรหัส " + school));
    }
    if (!area.get().equals(p.areaCode())) {
      return Future.failedFuture(outOfScope("school " + school, "โรงเรียน " + school));
    }
    return Future.succeededFuture();
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    return authenticate(ctx, false);
  }

  private Future<Principal> authenticate(RoutingContext ctx, boolean passwordChangeRoute) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null && sessions.hasCookie(ctx)) {
      // The pages: a session cookie, with the CSRF token on unsafe methods.
      return sessions.authenticate(ctx).map(live -> {
        if (live.mustChangePassword() && !passwordChangeRoute) throw passwordChangeRequired();
        ctx.put(BY_SESSION, true);
        return live.principal();
      }).onSuccess(p -> ctx.put(PRINCIPAL, p));
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      return Future.failedFuture(Problem.unauthorized("UNAUTHENTICATED",
          "This needs a bearer token: get one from POST /api/v1/auth/token.",
          "กรุณาเข้าสู่ระบบก่อน (ต้องมีโทเคน จาก POST /api/v1/auth/token)"));
    }
    return tokens.verify(header.substring(7).trim())
        .recover(e -> {
          ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
          return Future.failedFuture(Problem.unauthorized("INVALID_TOKEN",
              "The token is not valid: it is malformed, tampered with, signed by another key, or expired.",
              "โทเคนไม่ถูกต้องหรือหมดอายุ กรุณาเข้าสู่ระบบใหม่"));
        })
        .map(token -> {
          if (!revocations.accepts(token.principal().username(), token.version())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw Problem.unauthorized("TOKEN_REVOKED",
                "This token no longer counts: the account was disabled or its password changed. Log in again.",
                "โทเคนนี้ใช้ไม่ได้แล้ว เนื่องจากบัญชีถูกระงับหรือมีการเปลี่ยนรหัสผ่าน กรุณาเข้าสู่ระบบใหม่");
          }
          if (token.passwordChangeDue() && !passwordChangeRoute) throw passwordChangeRequired();
          return token.principal();
        })
        .onSuccess(p -> ctx.put(PRINCIPAL, p));
  }

  private static Problem passwordChangeRequired() {
    return Problem.forbidden("PASSWORD_CHANGE_REQUIRED",
        "Change your initial password first: POST /api/v1/auth/password.",
        "กรุณาเปลี่ยนรหัสผ่านเริ่มต้นก่อนใช้งาน");
  }

  /** Whether this request was authenticated by a page session (not a Bearer token). */
  static boolean bySession(RoutingContext ctx) {
    return Boolean.TRUE.equals(ctx.get(BY_SESSION));
  }

  private static Principal checkRole(Principal p, List<Role> allowed) {
    if (!allowed.contains(p.role())) {
      throw Problem.forbidden("ROLE_NOT_ALLOWED",
          "The role " + p.role().wire() + " may not do this; it needs one of "
              + allowed.stream().map(Role::wire).toList() + ".",
          "บทบาท " + p.role().nameTh() + " ไม่มีสิทธิ์ทำรายการนี้");
    }
    return p;
  }

  private static Problem outOfScope(String en, String th) {
    return Problem.forbidden("OUT_OF_SCOPE", "Your account does not cover " + en + ".",
        "บัญชีของคุณไม่มีสิทธิ์เข้าถึงข้อมูลของ" + th);
  }
}
