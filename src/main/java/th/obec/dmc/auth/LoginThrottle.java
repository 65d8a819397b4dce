package th.obec.dmc.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import th.obec.dmc.kernel.Problem;

import java.util.List;
import java.util.Optional;

/**
 * Failed logins slow down, per (account, client address) and per client address: after a few failures in a
 * window, the next attempt from that address is refused with 429 for a time that doubles with each further
 * failure. An account is never locked as a whole: a stranger's wrong passwords from elsewhere must not keep a
 * school out on 10 November. Failures against one account from all addresses are counted too; past a ceiling
 * they raise an alert and an audit event, for a person to look at. Counted in PostgreSQL, so every node sees
 * the same counts.
 */
final class LoginThrottle {
  static final long WINDOW_SECONDS = 15 * 60;
  static final int PAIR_THRESHOLD = 5;
  /** An address gets more tries than a pair: a school office shares one address among its staff. */
  static final int ADDRESS_THRESHOLD = 20;
  static final long MAX_LOCK_SECONDS = 15 * 60;
  static final long CEILING_WINDOW_SECONDS = 60 * 60;
  static final int ACCOUNT_CEILING = 100;

  /** What one failure brought: a lock on the address (seconds), and whether the account reached its ceiling. */
  record Outcome(Optional<Integer> lockSeconds, boolean ceilingReached) {}

  private final LoginThrottleRepository repository;
  private final long firstLockSeconds;
  private final Counter ceilings;

  LoginThrottle(LoginThrottleRepository repository, long firstLockSeconds, MeterRegistry metrics) {
    this.repository = repository;
    this.firstLockSeconds = firstLockSeconds;
    this.ceilings = Counter.builder("dmc_login_account_ceiling")
        .description("Accounts that reached the hourly ceiling of failed logins from all addresses together")
        .register(metrics);
  }

  private static String pairKey(String username, String address) {
    return "pair:" + username + "|" + address;
  }

  private static String addressKey(String address) {
    return "addr:" + address;
  }

  private static String accountKey(String username) {
    return "acct:" + username;
  }

  /** Fails with 429 while this account is locked for this address, or the address itself is. */
  Future<Void> check(String username, String address) {
    return repository.lockedFor(List.of(pairKey(username, address), addressKey(address)))
        .map(seconds -> {
          seconds.ifPresent(s -> {
            throw tooMany(s);
          });
          return null;
        });
  }

  /** Counts a failure for the pair, the address and the account's ceiling. */
  Future<Outcome> failed(String username, String address) {
    return repository.fail(pairKey(username, address), WINDOW_SECONDS, PAIR_THRESHOLD, firstLockSeconds,
            MAX_LOCK_SECONDS)
        .compose(pair -> repository.fail(addressKey(address), WINDOW_SECONDS, ADDRESS_THRESHOLD, firstLockSeconds,
                MAX_LOCK_SECONDS)
            .compose(addr -> repository.fail(accountKey(username), CEILING_WINDOW_SECONDS, Integer.MAX_VALUE, 0, 0)
                .map(account -> {
                  // Once per window: the count passes the ceiling exactly once.
                  boolean ceiling = account.failures() == ACCOUNT_CEILING;
                  if (ceiling) ceilings.increment();
                  return new Outcome(longer(pair.lockSeconds(), addr.lockSeconds()), ceiling);
                })));
  }

  /** A success forgets this address's failures against the account, not anyone else's. */
  Future<Void> succeeded(String username, String address) {
    return repository.clear(pairKey(username, address));
  }

  private static Optional<Integer> longer(Optional<Integer> a, Optional<Integer> b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return Optional.of(Math.max(a.get(), b.get()));
  }

  static Problem tooMany(int lockSeconds) {
    int seconds = Math.max(1, lockSeconds);
    Problem p = new Problem(429, "TOO_MANY_ATTEMPTS", "Too many requests",
        "Too many failed logins from this address. Wait " + seconds + " seconds before trying again.",
        "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไปจากเครื่องนี้ กรุณารอ " + seconds + " วินาทีแล้วลองใหม่");
    return p.retryAfter(seconds);
  }
}
