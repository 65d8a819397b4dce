package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** The SQL of the pages' sessions: one row each, found by the hash of the cookie's ID. */
final class SessionRepository {
  private static final String INSERT = """
      INSERT INTO web_session (id_hash, username, csrf_token) VALUES ($1, $2, $3)""";

  /**
   * The session, if it is live: not revoked, used within the idle timeout, younger than the absolute limit, and
   * its account not disabled. Using it moves its idle clock, in the same statement.
   */
  private static final String TOUCH = """
      UPDATE web_session s SET last_seen_at = now()
      FROM app_user u
      WHERE s.id_hash = $1 AND u.username = s.username AND NOT u.disabled AND s.revoked_at IS NULL
        AND s.last_seen_at > now() - make_interval(secs => $2::bigint)
        AND s.created_at > now() - make_interval(secs => $3::bigint)
      RETURNING u.username, u.role, u.school_code, u.area_code, u.must_change_password, s.csrf_token""";

  private static final String REVOKE = "UPDATE web_session SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL";

  private static final String REVOKE_ALL = """
      UPDATE web_session SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL""";

  /** Ended sessions: revoked, idle too long, or past the absolute limit (which no login outlives). */
  private static final String SWEEP = """
      DELETE FROM web_session
      WHERE revoked_at IS NOT NULL
         OR (revoked_at IS NULL AND last_seen_at < now() - make_interval(secs => $1::bigint))
         OR created_at < now() - make_interval(secs => $2::bigint)""";

  /** A live session: who it is, whether their password must change first, and its CSRF token. */
  record Live(Principal principal, boolean mustChangePassword, String csrfToken) {}

  private final Pool pool;

  SessionRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(String idHash, String username, String csrfToken) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(idHash, username, csrfToken)).mapEmpty();
  }

  Future<Optional<Live>> touch(String idHash, long idleSeconds, long maxSeconds) {
    return pool.preparedQuery(TOUCH).execute(Tuple.of(idHash, idleSeconds, maxSeconds)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      Principal p = new Principal(r.getString("username"), Role.fromWire(r.getString("role")).orElseThrow(),
          r.getString("school_code"), r.getString("area_code"));
      return Optional.of(new Live(p, r.getBoolean("must_change_password"), r.getString("csrf_token")));
    });
  }

  Future<Void> revoke(String idHash) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(idHash)).mapEmpty();
  }

  /** How many ended sessions were deleted. */
  Future<Integer> sweep(long idleSeconds, long maxSeconds) {
    return pool.preparedQuery(SWEEP).execute(Tuple.of(idleSeconds, maxSeconds)).map(rows -> rows.rowCount());
  }

  Future<Void> revokeAll(String username) {
    return pool.preparedQuery(REVOKE_ALL).execute(Tuple.of(username)).mapEmpty();
  }
}
