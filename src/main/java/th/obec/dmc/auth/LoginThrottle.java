package th.obec.dmc.auth;

import io.vertx.core.Future;
import th.obec.dmc.kernel.Problem;

import java.util.List;
import java.util.Optional;

/**
 * Failed logins slow down, per account and per client address: after a few failures in a window, the
 * next attempt is refused with 429 for a time that doubles with each further failure. An address gets
 * more tries than an account, since a school office shares one address among its staff. Counted in
 * PostgreSQL so that every node sees the same count.
 */
final class LoginThrottle {
  static final long WINDOW_SECONDS = 15 * 60;
  static final int ACCOUNT_THRESHOLD = 5;
  static final int ADDRESS_THRESHOLD = 20;
  static final long FIRST_LOCK_SECONDS = 30;
  static final long MAX_LOCK_SECONDS = 15 * 60;

  private final LoginThrottleRepository repository;

  LoginThrottle(LoginThrottleRepository repository) {
    this.repository = repository;
  }

  static String accountKey(String username) {
    return "user:" + username;
  }

  static String addressKey(String address) {
    return "addr:" + address;
  }

  /** Fails with 429 while either the account or the address is locked. */
  Future<Void> check(String username, String address) {
    return repository.lockedFor(List.of(accountKey(username), addressKey(address)))
        .map(seconds -> {
          seconds.ifPresent(s -> {
            throw tooMany(s);
          });
          return null;
        });
  }

  /** Counts a failure for both keys; returns the lock it brought, if any. */
  Future<Optional<Integer>> failed(String username, String address) {
    return repository.fail(accountKey(username), WINDOW_SECONDS, ACCOUNT_THRESHOLD, FIRST_LOCK_SECONDS, MAX_LOCK_SECONDS)
        .compose(account -> repository.fail(addressKey(address), WINDOW_SECONDS, ADDRESS_THRESHOLD, FIRST_LOCK_SECONDS,
                MAX_LOCK_SECONDS)
            .map(addr -> longer(account.lockSeconds(), addr.lockSeconds())));
  }

  Future<Void> succeeded(String username) {
    return repository.clear(accountKey(username));
  }

  private static Optional<Integer> longer(Optional<Integer> a, Optional<Integer> b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return Optional.of(Math.max(a.get(), b.get()));
  }

  static Problem tooMany(int lockSeconds) {
    int seconds = Math.max(1, lockSeconds);
    Problem p = new Problem(429, "TOO_MANY_ATTEMPTS", "Too many requests",
        "Too many failed logins. Wait " + seconds + " seconds before trying again.",
        "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณารอ " + seconds + " วินาทีแล้วลองใหม่");
    return p.retryAfter(seconds);
  }
}
