package th.obec.dmc.auth;

import th.obec.dmc.infra.Infra;
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

  /** What accounts and sessions are set up with: the keys, the lifetimes, the throttle and the trusted proxies. */
  public record Settings(SigningKeys keys, NameFingerprint fingerprint, int tokenTtlSeconds, int firstLockSeconds,
                         ClientAddress clients, SessionSettings sessions) {}

  public AuthFeature(Infra infra, Settings settings, RegistryLookup registry, AccountAudit audit, Bodies bodies) {
    this.metrics = infra.meters();
    Pool pool = infra.pool();
    TokenService tokens = new TokenService(infra.vertx(), settings.keys(), settings.tokenTtlSeconds());
    this.sessions = new Sessions(new SessionRepository(pool), settings.sessions().idleSeconds(),
        settings.sessions().maxSeconds(), settings.sessions().secure());
    this.users = new UserService(new UserRepository(pool), sessions,
        new LoginThrottle(new LoginThrottleRepository(pool), settings.firstLockSeconds(), metrics), registry, tokens,
        infra.workers(), audit, settings.fingerprint());
    this.access = new Access(tokens, registry, users.revocations(), sessions);
    this.routes = new UserRoutes(users, new BulkAccounts(users, infra.specs().require("accounts"),
        infra.specs().require("accounts-issued")), access, bodies, settings.clients(), sessions,
        new CrossSiteGuard(settings.sessions().publicUrl()));
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
