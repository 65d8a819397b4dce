package th.obec.dmc.auth;

import java.time.Duration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tokens no longer count: every token of a disabled account, and tokens issued before a password
 * change or reset (they carry an older version). A token is checked against memory, not the database,
 * so the answer path gains no round trip; this node learns of its own changes at once and of other
 * nodes' within {@link #POLL_MILLIS}, from one indexed query.
 */
public final class Revocations {
  private static final Logger log = LoggerFactory.getLogger(Revocations.class);
  static final long POLL_MILLIS = 1_000;
  /**
   * How far back each poll looks again. A change is stamped when its statement runs but seen when it commits,
   * which can be later (a slow commit, a synchronous standby catching up): a poll that asked only for stamps
   * after the newest one seen would miss it for good. Applying a change twice is harmless.
   */
  static final Duration OVERLAP = Duration.ofSeconds(30);

  private record State(boolean disabled, int tokenVersion) {}

  private final UserRepository users;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private volatile OffsetDateTime seenUntil = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  Revocations(UserRepository users) {
    this.users = users;
  }

  /** Loads every account's state once, then keeps up with changes. */
  public Future<Void> start(Vertx vertx) {
    return poll().onSuccess(v -> vertx.setPeriodic(POLL_MILLIS, id -> poll()));
  }

  private Future<Void> poll() {
    return users.securityChangesSince(seenUntil.minus(OVERLAP)).map(changes -> {
      for (UserRepository.SecurityState s : changes) {
        apply(s.username(), s.disabled(), s.tokenVersion());
        if (s.changedAt().isAfter(seenUntil)) seenUntil = s.changedAt();
      }
      return (Void) null;
    }).onFailure(e -> log.warn("event=revocations_poll_failed error={}", e.toString()));
  }

  void apply(String username, boolean disabled, int tokenVersion) {
    if (!disabled && tokenVersion == 0) {
      states.remove(username);
    } else {
      states.merge(username, new State(disabled, tokenVersion),
          (old, now) -> new State(now.disabled(), Math.max(old.tokenVersion(), now.tokenVersion())));
    }
  }

  /** Whether a token of this account with this version is still good. */
  boolean accepts(String username, int tokenVersion) {
    State s = states.get(username);
    return s == null || !s.disabled() && tokenVersion >= s.tokenVersion();
  }
}
