package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;

/** The SQL of accounts, and nothing else. */
public final class UserRepository {
  private static final String INSERT = """
      INSERT INTO app_user (username, password_hash, role, school_code, area_code, created_by)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (username) DO NOTHING
      RETURNING username, role, school_code, area_code, disabled, created_at""";

  /** The first account of an empty database; a second process racing it inserts nothing. */
  private static final String INSERT_IF_NONE = """
      INSERT INTO app_user (username, password_hash, role, created_by)
      SELECT $1, $2, 'obec_admin', 'bootstrap'
      WHERE NOT EXISTS (SELECT 1 FROM app_user)
      ON CONFLICT (username) DO NOTHING
      RETURNING username""";

  private static final String ANY_USER = "SELECT EXISTS (SELECT 1 FROM app_user)";

  private static final String FIND_FOR_LOGIN = """
      SELECT username, password_hash, role, school_code, area_code, disabled
      FROM app_user WHERE username = $1""";

  private static final String LIST = """
      SELECT username, role, school_code, area_code, disabled, created_at
      FROM app_user
      WHERE ($1::text IS NULL OR role = $1)
        AND ($2::text IS NULL OR school_code = $2)
        AND ($3::text IS NULL OR area_code = $3)
      ORDER BY username
      LIMIT $4 OFFSET $5""";

  private static final String DISABLE = """
      UPDATE app_user SET disabled = true WHERE username = $1
      RETURNING username, role, school_code, area_code, disabled, created_at""";

  /** A stored account with its hash, for the login check only. */
  record Credentials(Principal principal, String passwordHash, boolean disabled) {}

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<User>> insert(String username, String hash, Role role, String school, String area, String by) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(username, hash, role.wire(), school, area, by))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
  }

  Future<Boolean> anyUser() {
    return pool.query(ANY_USER).execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<Boolean> insertFirstAdmin(String username, String hash) {
    return pool.preparedQuery(INSERT_IF_NONE).execute(Tuple.of(username, hash)).map(rows -> rows.size() == 1);
  }

  Future<Optional<Credentials>> findForLogin(String username) {
    return pool.preparedQuery(FIND_FOR_LOGIN).execute(Tuple.of(username)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      Principal p = new Principal(r.getString("username"), Role.fromWire(r.getString("role")).orElseThrow(),
          r.getString("school_code"), r.getString("area_code"));
      return Optional.of(new Credentials(p, r.getString("password_hash"), r.getBoolean("disabled")));
    });
  }

  Future<List<User>> list(Role role, String school, String area, int limit, int offset) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(role == null ? null : role.wire(), school, area, limit, offset))
        .map(rows -> {
          List<User> users = new java.util.ArrayList<>(rows.size());
          rows.forEach(r -> users.add(user(r)));
          return users;
        });
  }

  Future<Optional<User>> disable(String username) {
    return pool.preparedQuery(DISABLE).execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
  }

  private static User user(Row r) {
    return new User(r.getString("username"), Role.fromWire(r.getString("role")).orElseThrow(),
        r.getString("school_code"), r.getString("area_code"), r.getBoolean("disabled"),
        r.getOffsetDateTime("created_at"));
  }
}
