package th.obec.dmc.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.ClientAddress;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.SheetSpec;

import java.util.Optional;

/** Accounts and tokens: logging in, the accounts API, and the access checks every other feature uses. */
public final class AuthFeature implements Feature {
  /**
   * The pages' sessions: idle timeout, absolute limit, and the public URL (DMC_PUBLIC_URL), whose https makes the
   * cookie Secure and whose origin the session routes accept.
   */
  public record SessionSettings(long idleSeconds, long maxSeconds, Optional<String> publicUrl) {
    boolean secure() {
      return publicUrl.map(u -> u.startsWith("https://")).orElse(false);
    }
  }

  private final UserService users;
  private final Access access;
  private final UserRoutes routes;
  private final MeterRegistry metrics;
  private final Sessions sessions;

  public AuthFeature(Vertx vertx, Pool pool, SigningKeys keys, NameFingerprint fingerprint, int tokenTtlSeconds,
                     RegistryLookup registry, Workers workers, AccountAudit audit, Bodies bodies, SheetSpec accounts, SheetSpec issued,
                     ClientAddress clients, int firstLockSeconds, MeterRegistry metrics, SessionSettings sessionSettings) {
    this.metrics = metrics;
    TokenService tokens = new TokenService(vertx, keys, tokenTtlSeconds);
    this.sessions = new Sessions(new SessionRepository(pool), sessionSettings.idleSeconds(),
        sessionSettings.maxSeconds(), sessionSettings.secure());
    this.users = new UserService(new UserRepository(pool), sessions,
        new LoginThrottle(new LoginThrottleRepository(pool), firstLockSeconds, metrics), registry, tokens, workers,
        audit, fingerprint);
    this.access = new Access(tokens, registry, users.revocations(), sessions);
    this.routes = new UserRoutes(users, new BulkAccounts(users, accounts, issued), access, bodies, clients, sessions,
        new CrossSiteGuard(sessionSettings.publicUrl()));
  }

  public Access access() {
    return access;
  }

  /** Before serving: the first admin if none exists (its made-up password, if any), then token revocations. */
  public Future<Optional<String>> start(Vertx vertx, Optional<String> adminPassword, boolean mayGenerate) {
    return users.bootstrapAdmin(adminPassword, mayGenerate)
        .compose(generated -> users.revocations().start(vertx).map(generated))
        .compose(generated -> users.followDecoyCost(vertx, metrics).map(generated))
        .compose(generated -> sessions.sweepEvery(vertx).map(generated));
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
