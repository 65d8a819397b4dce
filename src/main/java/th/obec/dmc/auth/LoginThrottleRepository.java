package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;

/** The SQL of failed-login counting, shared by every node through PostgreSQL. */
public final class LoginThrottleRepository {
  /** Seconds left of the latest lock among the keys, if any is in force (PostgreSQL's clock, not a node's). */
  private static final String LOCKED_FOR = """
      SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int FROM login_failure
      WHERE key = ANY($1::text[]) AND locked_until > now()""";

  /**
   * One more failure for a key: the count restarts after the window; at the threshold and beyond, a lock
   * that doubles with every further failure, up to the cap. Returns the failures and the lock, if any.
   */
  private static final String FAIL = """
      INSERT INTO login_failure AS f (key, failures, first_at, locked_until)
      VALUES ($1, 1, now(), NULL)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN f.first_at < now() - make_interval(secs => $2::bigint) THEN 1 ELSE f.failures + 1 END,
        first_at = CASE WHEN f.first_at < now() - make_interval(secs => $2::bigint) THEN now() ELSE f.first_at END,
        locked_until = CASE
          WHEN f.first_at < now() - make_interval(secs => $2::bigint) THEN NULL
          WHEN f.failures + 1 >= $3::int
            THEN now() + make_interval(secs => least($5::bigint, $4::bigint * power(2, f.failures + 1 - $3::int)))
          ELSE NULL END
      RETURNING failures, ceil(extract(epoch FROM locked_until - now()))::int AS lock_seconds""";

  private static final String CLEAR = "DELETE FROM login_failure WHERE key = $1";

  /** A failure counted: how many in the window, and the seconds of lock it brought, if any. */
  record Failure(int failures, Optional<Integer> lockSeconds) {}

  private final Pool pool;

  public LoginThrottleRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<Integer>> lockedFor(List<String> keys) {
    return pool.preparedQuery(LOCKED_FOR).execute(Tuple.tuple().addArrayOfString(keys.toArray(String[]::new)))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getInteger(0)));
  }

  Future<Failure> fail(String key, long windowSeconds, int threshold, long firstLockSeconds, long maxLockSeconds) {
    return pool.preparedQuery(FAIL).execute(Tuple.of(key, windowSeconds, threshold, firstLockSeconds, maxLockSeconds))
        .map(rows -> {
          var r = rows.iterator().next();
          return new Failure(r.getInteger("failures"), Optional.ofNullable(r.getInteger("lock_seconds")));
        });
  }

  Future<Void> clear(String key) {
    return pool.preparedQuery(CLEAR).execute(Tuple.of(key)).mapEmpty();
  }
}
