package th.obec.dmc.auth;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.regex.Pattern;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;

import java.util.List;
import java.util.Optional;

/**
 * Accounts: the first admin, logging in (throttled), changing and resetting passwords, and creating,
 * listing and disabling accounts, by OBEC for everyone and by an area office for its own schools.
 */
public final class UserService {
  private final NameFingerprint fingerprint;
  private static final Logger log = LoggerFactory.getLogger(UserService.class);

  /** A page of accounts, and how many match in all. */
  public record Page(List<User> users, long total) {}

  private final UserRepository users;
  private final RegistryLookup registry;
  private final TokenService tokens;
  private final Workers workers;
  private final Revocations revocations;
  private final LoginThrottle throttle;
  private final AccountAudit audit;
  /** The accounts' median PBKDF2 count, for the decoy hash of unknown users; read at start and every few minutes. */
  private volatile int decoyIterations = PasswordHasher.ITERATIONS;

  private final Sessions sessions;

  public UserService(UserRepository users, Sessions sessions, LoginThrottle throttle, RegistryLookup registry,
                     TokenService tokens, Workers workers, AccountAudit audit, NameFingerprint fingerprint) {
    this.fingerprint = fingerprint;
    this.sessions = sessions;
    this.users = users;
    this.registry = registry;
    this.tokens = tokens;
    this.workers = workers;
    this.audit = audit;
    this.revocations = new Revocations(users);
    this.throttle = throttle;
  }

  /** Keeps the decoy's cost at the accounts' median, published as {@code dmc_login_decoy_iterations}. */
  Future<Void> followDecoyCost(Vertx vertx, MeterRegistry metrics) {
    Gauge.builder("dmc_login_decoy_iterations", () -> decoyIterations)
        .description("PBKDF2 iterations of the decoy hash checked for unknown usernames (the accounts' median)")
        .register(metrics);
    vertx.setPeriodic(DECOY_REFRESH_MILLIS, id -> refreshDecoyCost());
    return refreshDecoyCost();
  }

  private static final long DECOY_REFRESH_MILLIS = 5 * 60_000;

  private Future<Void> refreshDecoyCost() {
    return users.medianIterations()
        .onSuccess(median -> median.ifPresent(n -> decoyIterations = n))
        .onFailure(e -> log.warn("event=decoy_cost_failed error={}", e.toString()))
        .mapEmpty();
  }

  public Revocations revocations() {
    return revocations;
  }

  /** What a username may be: the rule accounts are made under, checked at login before any work. */
  static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
  /** The name a malformed username is counted and logged under. */
  private static final String MALFORMED = "(malformed)";

  /**
   * Creates {@code admin} whenever no administrator exists, with the given password, or with a random one
   * when {@code mayGenerate} (embedded mode). Returns the password made up, if any.
   */
  public Future<Optional<String>> bootstrapAdmin(Optional<String> password, boolean mayGenerate) {
    return users.anyAdmin().compose(any -> {
      if (any) return Future.succeededFuture(Optional.<String>empty());
      if (password.isEmpty() && !mayGenerate) {
        return Future.failedFuture(new IllegalStateException(
            "the database has no administrator: set DMC_ADMIN_PASSWORD to create the first admin"));
      }
      String chosen = password.orElseGet(Passwords::random);
      // The first admin keeps the rules of every account: a password the policy allows, changed at first login.
      Optional<Problem> weak = Passwords.refusal(chosen, Passwords.Context.of("admin", null, null));
      if (weak.isPresent()) {
        return Future.failedFuture(new IllegalStateException(
            "DMC_ADMIN_PASSWORD does not meet the password rules: " + weak.get().detail()));
      }
      return hash(chosen)
          .compose(hash -> users.insertFirstAdmin("admin", hash))
          .map(created -> {
            if (!created) return Optional.<String>empty();
            log.info("event=admin_created username=admin generated={}", password.isEmpty());
            return password.isEmpty() ? Optional.of(chosen) : Optional.<String>empty();
          });
    });
  }

  public Future<IssuedToken> login(String username, String password, String address) {
    return verify(username, password, address).map(account -> tokenAnswer(account.principal(), account.tokenVersion(),
        account.mustChangePassword()));
  }

  /** The account these credentials open, throttled and audited as a login; a page session and a token alike. */
  Future<UserRepository.Credentials> verify(String username, String password, String address) {
    String name = username.toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(name).matches()) {
      // No account has such a name (accounts are made under the same rule): refused before any hashing, still
      // counted against the address, and never written to the log as typed (a line break would forge a line).
      return throttle.check(MALFORMED, address).compose(v -> refused(MALFORMED, address));
    }
    if (password.length() > Passwords.MAX) return Future.failedFuture(badCredentials());
    return workers.login(() -> throttle.check(name, address)
        .compose(v -> users.findForLogin(name))
        .compose(found -> checked(found, name, address, password)));
  }

  /** An unknown user is checked against a decoy hash, so both answers take as long. */
  private Future<UserRepository.Credentials> checked(Optional<UserRepository.Credentials> found, String name,
                                                     String address, String password) {
    String stored = found.map(UserRepository.Credentials::passwordHash)
        .orElseGet(() -> PasswordHasher.decoy(decoyIterations));
    return workers.hashingAdmitted(() -> PasswordHasher.matches(password, stored))
        .compose(ok -> ok && found.isPresent() ? granted(found.get(), name, address, password) : refused(name, address));
  }

  private Future<UserRepository.Credentials> granted(UserRepository.Credentials account, String name, String address,
                                                     String password) {
    // A disabled account answers as a wrong password does: a different answer would confirm that the
    // password was right.
    if (account.disabled()) return refused(name, address);
    if (PasswordHasher.outdated(account.passwordHash())) rehash(name, account.passwordHash(), password);
    return throttle.succeeded(name, address).map(account);
  }

  /**
   * An account hashed at an older cost is hashed again at today's with the password just typed, after the answer:
   * with every account at one cost (and the decoy at it), a login's time no longer tells accounts apart.
   */
  private void rehash(String name, String checked, String password) {
    workers.hashingAdmitted(() -> PasswordHasher.hash(password))
        .compose(hash -> users.rehash(name, checked, hash))
        .onSuccess(done -> { if (done) log.info("event=password_rehashed user={}", fingerprint.of(name)); })
        .onFailure(e -> log.warn("event=password_rehash_failed user={} error={}", fingerprint.of(name), e.toString()));
  }

  private <T> Future<T> refused(String name, String address) {
    log.info("event=login_refused user={} address={}", fingerprint.of(name), address);
    return throttle.failed(name, address).compose(outcome -> {
      Future<Void> ceiling = Future.succeededFuture();
      if (outcome.ceilingReached()) {
        // Many addresses together: a spray against this account. It stays open (a lock would be the attack's
        // aim); a person looks at it.
        log.warn("event=login_account_ceiling user={} failures={}", fingerprint.of(name), LoginThrottle.ACCOUNT_CEILING);
        ceiling = audit.record(null, name, "auth.login_ceiling", null, null,
            new JsonObject().put("failures", LoginThrottle.ACCOUNT_CEILING)
                .put("windowSeconds", LoginThrottle.CEILING_WINDOW_SECONDS).put("lastAddress", address));
      }
      Optional<Integer> lock = outcome.lockSeconds();
      if (lock.isEmpty()) return ceiling.transform(ignored -> Future.failedFuture(badCredentials()));
      log.warn("event=login_throttled user={} address={} seconds={}", fingerprint.of(name), address, lock.get());
      return ceiling.transform(ignored -> audit.record(null, name, "auth.login_throttled", null, null,
              new JsonObject().put("address", address).put("lockSeconds", lock.get())))
          .transform(ignored -> Future.failedFuture(LoginThrottle.tooMany(lock.get())));
    });
  }

  private static Problem badCredentials() {
    return Problem.unauthorized("BAD_CREDENTIALS", "The username or password is wrong.",
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง");
  }

  private IssuedToken tokenAnswer(Principal p, int version, boolean mustChange) {
    return new IssuedToken(tokens.issue(p, version, mustChange), tokens.ttlSeconds(), p, mustChange);
  }

  /** The user's own new password; tokens issued before stop working, and a fresh one is returned. */
  public Future<IssuedToken> changePassword(Principal actor, String current, String chosen, String address) {
    Optional<Problem> weak = Passwords.refusal(chosen, Passwords.Context.of(actor.username(), actor.schoolCode(),
        actor.areaCode()));
    if (weak.isPresent()) return Future.failedFuture(weak.get());
    if (chosen.equals(current)) {
      return Future.failedFuture(Problem.unprocessable("SAME_PASSWORD",
          "The new password must differ from the current one.", "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม", null));
    }
    // Throttled like a login: a stolen token must not become a way to guess the real password.
    return throttle.check(actor.username(), address)
        .compose(v -> users.findForLogin(actor.username()))
        .compose(found -> workers.hashing(() -> found.isPresent()
                && current.length() <= Passwords.MAX && PasswordHasher.matches(current, found.get().passwordHash()))
            .compose(ok -> ok ? Future.succeededFuture(found.get())
                : this.<UserRepository.Credentials>refused(actor.username(), address)))
        .compose(account -> hash(chosen)
            .compose(hash -> users.setPassword(actor.username(), hash, false))
            .map(version -> {
              int v = version.orElseThrow();
              revocations.apply(actor.username(), false, v);
              return v;
            })
            // Every page session of the account ends too; the route opens a fresh one for the page that changed it.
            .compose(v -> sessions.closeAll(actor.username()).map(v))
            .compose(v -> audit.record(actor, actor.username(), "auth.password_changed", actor.schoolCode(),
                    actor.areaCode(), new JsonObject())
                .map(x -> tokenAnswer(account.principal(), v, false))));
  }

  /** A new initial password made up for someone else's account, shown once; it must be changed at first login. */
  public Future<InitialPassword> resetPassword(Principal actor, String username) {
    String chosen = Passwords.random();
    return manageable(actor, username)
        .compose(user -> hash(chosen)
            .compose(hash -> users.setPassword(user.username(), hash, true))
            .map(version -> {
              revocations.apply(user.username(), user.disabled(), version.orElseThrow());
              return user;
            })
            .compose(u -> sessions.closeAll(u.username()).map(u)))
        .compose(user -> recordFor(actor, user, "user.password_reset")
            .map(v -> new InitialPassword(user.username(), chosen)));
  }

  /** A new account, as asked for: read and checked at the route (a bad field is the caller's 4xx, at once). */
  public record NewAccount(String username, String password, Role role, String schoolCode, String areaCode) {
    public static NewAccount of(JsonObject body) {
      String username = Json.requiredText(body, "username").toLowerCase();
      String password = body.getValue("password") instanceof String s ? s : "";
      Role role = Role.fromWire(Json.requiredText(body, "role")).orElseThrow(() -> Problem.unprocessable(
          "UNKNOWN_ROLE", "role must be one of school_staff, school_director, area_staff, obec_admin.",
          "บทบาทต้องเป็น school_staff, school_director, area_staff หรือ obec_admin", null));
      if (!USERNAME.matcher(username).matches()) {
        throw Problem.unprocessable("INVALID_USERNAME",
            "A username is 3-64 characters: letters, digits, '.', '_' or '-'.",
            "ชื่อผู้ใช้ต้องยาว 3-64 ตัวอักษร ประกอบด้วยตัวอักษรภาษาอังกฤษ ตัวเลข . _ หรือ -", null);
      }
      String school = role.scope() == Role.Scope.SCHOOL ? Json.requiredText(body, "schoolCode") : null;
      String area = role.scope() == Role.Scope.AREA ? Json.requiredText(body, "areaCode") : null;
      Passwords.check(password, Passwords.Context.of(username, school, area));
      return new NewAccount(username, password, role, school, area);
    }
  }

  public Future<User> create(Principal actor, NewAccount wanted) {
    String username = wanted.username();
    String password = wanted.password();
    Role role = wanted.role();
    String school = wanted.schoolCode();
    String area = wanted.areaCode();
    return checkScope(actor, role, school, area)
        .compose(v -> hash(password))
        .compose(hash -> users.insert(username, hash, role, school, area, actor.username()))
        .compose(created -> created.map(Future::succeededFuture).orElseGet(() -> refuseTaken(actor, username)))
        .compose(u -> recordFor(actor, u, "user.created").map(u))
        .onSuccess(u -> log.info("event=user_created username={} role={} by={}", u.username(), role.wire(),
            actor.username()));
  }

  /** OBEC sees every account; an area office sees the accounts of its own schools. */
  public Future<Page> list(Principal actor, Role role, String school, String area, int limit, int offset) {
    Future<List<String>> scope = actor.role() == Role.OBEC_ADMIN ? Future.succeededFuture(null)
        : registry.schoolCodesOfArea(actor.areaCode());
    return scope.compose(schools -> users.list(role, school, area, schools, limit, offset)
        .compose(list -> users.count(role, school, area, schools).map(total -> new Page(list, total))));
  }

  public Future<User> disable(Principal actor, String username) {
    if (actor.username().equals(username)) {
      return Future.failedFuture(Problem.conflict("CANNOT_DISABLE_SELF",
          "You cannot disable your own account.", "ไม่สามารถระงับบัญชีของตนเองได้"));
    }
    return manageable(actor, username)
        .compose(user -> users.disable(username).map(Optional::orElseThrow))
        .onSuccess(u -> revocations.apply(u.username(), true, Integer.MAX_VALUE))
        .compose(u -> sessions.closeAll(u.username()).map(u))
        .compose(u -> recordFor(actor, u, "user.disabled").map(u))
        .onSuccess(u -> log.info("event=user_disabled username={} by={}", username, actor.username()));
  }

  /** An account event, filed under the account's school and that school's area, so its area office sees it. */
  private Future<Void> recordFor(Principal actor, User user, String action) {
    Future<Optional<String>> area = user.schoolCode() == null ? Future.succeededFuture(Optional.ofNullable(user.areaCode()))
        : registry.areaOf(user.schoolCode());
    return area.compose(a -> audit.record(actor, user.username(), action, user.schoolCode(), a.orElse(null),
        new JsonObject().put("username", user.username()).put("role", user.role().wire())));
  }

  /** The account, if this actor may manage it: OBEC any, an area office those of its own schools. */
  Future<User> manageable(Principal actor, String username) {
    Problem unknown = Problem.notFound("USER_NOT_FOUND", "No user you manage is called " + username + ".",
        "ไม่พบผู้ใช้ " + username + " ในบัญชีที่ท่านดูแล");
    return users.find(username.toLowerCase()).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(unknown);
      User user = found.get();
      // Another area's account answers as an unknown one: a 403 would tell an area office the name exists.
      return checkScope(actor, user.role(), user.schoolCode(), user.areaCode()).map(user)
          .recover(e -> Future.failedFuture(managesAccounts(actor) && isOutOfScope(e) ? unknown : e));
    });
  }

  private static boolean managesAccounts(Principal actor) {
    return actor.role() == Role.OBEC_ADMIN || actor.role() == Role.AREA_STAFF;
  }

  private static boolean isOutOfScope(Throwable e) {
    return e instanceof Problem p && "OUT_OF_SCOPE".equals(p.code());
  }

  /**
   * A username is unique in the country. Taken within the caller's scope, the answer says so; taken elsewhere, it
   * is only "unavailable", with no hint of where.
   */
  private Future<User> refuseTaken(Principal actor, String username) {
    return manageable(actor, username)
        .transform(mine -> Future.failedFuture(mine.succeeded()
            ? Problem.conflict("USERNAME_TAKEN", "The username " + username + " is already taken.",
                "ชื่อผู้ใช้ " + username + " มีอยู่แล้ว")
            : Problem.conflict("USERNAME_UNAVAILABLE", "The username " + username + " cannot be used; choose another.",
                "ไม่สามารถใช้ชื่อผู้ใช้ " + username + " ได้ กรุณาเลือกชื่ออื่น")));
  }

  /**
   * Whether this actor may hold an account of this role and scope: OBEC anything; an area office only
   * school accounts of schools in its area. The school or area must exist.
   */
  Future<Void> checkScope(Principal actor, Role role, String school, String area) {
    if (actor.role() != Role.OBEC_ADMIN) {
      if (actor.role() != Role.AREA_STAFF || role.scope() != Role.Scope.SCHOOL) {
        return Future.failedFuture(outOfScope(actor));
      }
    }
    if (school != null) {
      return registry.areaOf(school).map(found -> {
        if (found.isEmpty()) {
          throw Problem.unprocessable("UNKNOWN_SCHOOL", "No school has the code " + school + ".",
              "ไม่พบโรงเรียนรหัส " + school + " ในทะเบียน", null);
        }
        if (actor.role() == Role.AREA_STAFF && !found.get().equals(actor.areaCode())) throw outOfScope(actor);
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

  private static Problem outOfScope(Principal actor) {
    return Problem.forbidden("OUT_OF_SCOPE",
        actor.role() == Role.AREA_STAFF ? "An area office manages the school accounts of its own area only."
            : "Only OBEC administrators and area offices manage accounts.",
        actor.role() == Role.AREA_STAFF ? "สพท. จัดการได้เฉพาะบัญชีของโรงเรียนในสังกัดของตนเท่านั้น"
            : "เฉพาะผู้ดูแลระบบ สพฐ. และ สพท. เท่านั้นที่จัดการบัญชีได้");
  }

  Future<String> hash(String password) {
    return workers.hashing(() -> PasswordHasher.hash(password));
  }

  /** What a page session tells the page of its user, the school's name included. */
  /** Who a page's session is for, greeted by the school's name, with the session's CSRF token. */
  record SessionView(Principal principal, String schoolName, boolean mustChangePassword, String csrfToken) {
    JsonObject toJson() {
      return new JsonObject().put("username", principal.username()).put("role", principal.role().wire())
          .put("schoolCode", principal.schoolCode()).put("schoolName", schoolName).put("areaCode", principal.areaCode())
          .put("mustChangePassword", mustChangePassword).put("csrfToken", csrfToken);
    }
  }

  Future<SessionView> sessionAnswer(Principal p, boolean mustChange, String csrfToken) {
    Future<Optional<String>> name = p.schoolCode() == null ? Future.succeededFuture(Optional.empty())
        : registry.schoolName(p.schoolCode());
    return name.map(n -> new SessionView(p, n.orElse(null), mustChange, csrfToken));
  }

  UserRepository repository() {
    return users;
  }

  RegistryLookup registry() {
    return registry;
  }

  AccountAudit audit() {
    return audit;
  }

  Workers workers() {
    return workers;
  }
}
