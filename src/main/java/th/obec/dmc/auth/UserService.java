package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.app.Json;
import th.obec.dmc.app.Problem;
import th.obec.dmc.app.Workers;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/** Accounts: the first admin, creating, listing and disabling users, and logging in. */
public final class UserService {
  private static final Logger log = LoggerFactory.getLogger(UserService.class);
  private static final int MIN_PASSWORD = 8;

  private final UserRepository users;
  private final RegistryLookup registry;
  private final TokenService tokens;
  private final Workers workers;

  public UserService(UserRepository users, RegistryLookup registry, TokenService tokens, Workers workers) {
    this.users = users;
    this.registry = registry;
    this.tokens = tokens;
    this.workers = workers;
  }

  /**
   * On an empty database, creates {@code admin} with the given password, or with a random one that is
   * printed once to the console when {@code mayGenerate} (embedded mode). Returns the password made up, if any.
   */
  public Future<Optional<String>> bootstrapAdmin(Optional<String> password, boolean mayGenerate) {
    return users.anyUser().compose(any -> {
      if (any) return Future.succeededFuture(Optional.<String>empty());
      if (password.isEmpty() && !mayGenerate) {
        return Future.failedFuture(new IllegalStateException(
            "the database has no accounts: set DMC_ADMIN_PASSWORD to create the first admin"));
      }
      String chosen = password.orElseGet(UserService::randomPassword);
      return hash(chosen)
          .compose(hash -> users.insertFirstAdmin("admin", hash))
          .map(created -> {
            if (!created) return Optional.<String>empty();
            log.info("event=admin_created username=admin generated={}", password.isEmpty());
            return password.isEmpty() ? Optional.of(chosen) : Optional.<String>empty();
          });
    });
  }

  public Future<JsonObject> login(String username, String password) {
    return users.findForLogin(username.toLowerCase()).compose(found -> {
      // An unknown user is checked against a decoy hash, so both answers take as long.
      return workers.crypto().executeBlocking(() -> PasswordHasher.matches(password,
              found.map(UserRepository.Credentials::passwordHash).orElseGet(PasswordHasher::decoy)))
          .map(ok -> {
            if (!ok || found.isEmpty()) {
              log.info("event=login_refused username={}", username);
              throw Problem.unauthorized("BAD_CREDENTIALS", "The username or password is wrong.",
                  "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
            }
            if (found.get().disabled()) {
              throw Problem.forbidden("ACCOUNT_DISABLED", "This account has been disabled.",
                  "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ");
            }
            Principal p = found.get().principal();
            return new JsonObject()
                .put("access_token", tokens.issue(p))
                .put("token_type", "Bearer")
                .put("expires_in", tokens.ttlSeconds())
                .put("role", p.role().wire())
                .put("schoolCode", p.schoolCode())
                .put("areaCode", p.areaCode());
          });
    });
  }

  public Future<User> create(Principal actor, JsonObject body) {
    String username = Json.requiredText(body, "username").toLowerCase();
    String password = body.getValue("password") instanceof String s ? s : "";
    Role role = Role.fromWire(Json.requiredText(body, "role")).orElseThrow(() -> Problem.unprocessable(
        "UNKNOWN_ROLE", "role must be one of school_staff, school_director, area_staff, obec_admin.",
        "บทบาทต้องเป็น school_staff, school_director, area_staff หรือ obec_admin", null));
    if (!username.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
      throw Problem.unprocessable("INVALID_USERNAME",
          "A username is 3-64 characters: letters, digits, '.', '_' or '-'.",
          "ชื่อผู้ใช้ต้องยาว 3-64 ตัวอักษร ประกอบด้วยตัวอักษรภาษาอังกฤษ ตัวเลข . _ หรือ -", null);
    }
    if (password.length() < MIN_PASSWORD) {
      throw Problem.unprocessable("WEAK_PASSWORD", "A password needs at least " + MIN_PASSWORD + " characters.",
          "รหัสผ่านต้องมีอย่างน้อย " + MIN_PASSWORD + " ตัวอักษร", null);
    }
    String school = role.scope() == Role.Scope.SCHOOL ? Json.requiredText(body, "schoolCode") : null;
    String area = role.scope() == Role.Scope.AREA ? Json.requiredText(body, "areaCode") : null;
    return checkScopeExists(school, area)
        .compose(v -> hash(password))
        .compose(hash -> users.insert(username, hash, role, school, area, actor.username()))
        .map(created -> created.orElseThrow(() -> Problem.conflict("USERNAME_TAKEN",
            "The username " + username + " is already taken.", "ชื่อผู้ใช้ " + username + " มีอยู่แล้ว")))
        .onSuccess(u -> log.info("event=user_created username={} role={} by={}", u.username(), role.wire(),
            actor.username()));
  }

  public Future<List<User>> list(Role role, String school, String area, int limit, int offset) {
    return users.list(role, school, area, limit, offset);
  }

  public Future<User> disable(Principal actor, String username) {
    if (actor.username().equals(username)) {
      return Future.failedFuture(Problem.conflict("CANNOT_DISABLE_SELF",
          "You cannot disable your own account.", "ไม่สามารถระงับบัญชีของตนเองได้"));
    }
    return users.disable(username)
        .map(u -> u.orElseThrow(() -> Problem.notFound("USER_NOT_FOUND", "No user is called " + username + ".",
            "ไม่พบผู้ใช้ " + username)))
        .onSuccess(u -> log.info("event=user_disabled username={} by={}", username, actor.username()));
  }

  private Future<Void> checkScopeExists(String school, String area) {
    if (school != null) {
      return registry.areaOf(school).map(found -> {
        if (found.isEmpty()) {
          throw Problem.unprocessable("UNKNOWN_SCHOOL", "No school has the code " + school + ".",
              "ไม่พบโรงเรียนรหัส " + school + " ในทะเบียน", null);
        }
        return null;
      });
    }
    if (area != null) {
      return registry.areaExists(area).map(found -> {
        if (!found) {
          throw Problem.unprocessable("UNKNOWN_AREA", "No area has the code " + area + ".",
              "ไม่พบ สพท. รหัส " + area + " ในทะเบียน", null);
        }
        return null;
      });
    }
    return Future.succeededFuture();
  }

  private Future<String> hash(String password) {
    return workers.crypto().executeBlocking(() -> PasswordHasher.hash(password));
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return sb.toString();
  }
}
