package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Columns;
import java.util.function.Function;
import th.obec.dmc.db.Rows;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of accounts, and nothing else. */
public final class UserRepository {
  private static final String COLUMNS = "username, role, school_code, area_code, disabled, created_at, must_change_password";

  private static final String INSERT = """
      INSERT INTO app_user (username, password_hash, role, school_code, area_code, created_by, must_change_password)
      VALUES ($1, $2, $3, $4, $5, $6, true)
      ON CONFLICT (username) DO NOTHING
      RETURNING\s""" + COLUMNS;

  /** Many accounts at once, all or none: a taken username fails the whole statement. */
  private static final String INSERT_MANY = """
      INSERT INTO app_user (username, password_hash, role, school_code, area_code, created_by, must_change_password)
      SELECT u, h, r, s, a, $6, true FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
        AS t(u, h, r, s, a)""";

  private static final String TAKEN =
      "SELECT username, school_code FROM app_user WHERE username = ANY($1::text[]) ORDER BY username";

  /** A username already in use, with the school its account belongs to (none for area and OBEC accounts). */
  record Taken(String username, String schoolCode) {}

  /** The first admin: created whenever no administrator exists, and by one process only. */
  private static final String INSERT_FIRST_ADMIN = """
      INSERT INTO app_user (username, password_hash, role, created_by, must_change_password)
      SELECT $1, $2, 'obec_admin', 'bootstrap', true
      WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE role = 'obec_admin')
      ON CONFLICT (username) DO NOTHING
      RETURNING username""";

  private static final String ANY_ADMIN = "SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'obec_admin')";

  private static final String FIND_FOR_LOGIN = """
      SELECT username, password_hash, role, school_code, area_code, disabled, must_change_password, token_version
      FROM app_user WHERE username = $1""";

  private static final String FIND = "SELECT " + COLUMNS + " FROM app_user WHERE username = $1";

  private static final String LIST = "SELECT " + COLUMNS + """
       FROM app_user
      WHERE ($1::text IS NULL OR role = $1)
        AND ($2::text IS NULL OR school_code = $2)
        AND ($3::text IS NULL OR area_code = $3)
        AND ($4::text[] IS NULL OR school_code = ANY($4))
      ORDER BY username
      LIMIT $5 OFFSET $6""";

  private static final String COUNT = """
      SELECT count(*) FROM app_user
      WHERE ($1::text IS NULL OR role = $1)
        AND ($2::text IS NULL OR school_code = $2)
        AND ($3::text IS NULL OR area_code = $3)
        AND ($4::text[] IS NULL OR school_code = ANY($4))""";

  private static final String DISABLE = """
      UPDATE app_user SET disabled = true, security_changed_at = clock_timestamp() WHERE username = $1
      RETURNING\s""" + COLUMNS;

  /** A new password: the old tokens stop working, and a reset one must be changed at the next login. */
  private static final String SET_PASSWORD = """
      UPDATE app_user SET password_hash = $2, must_change_password = $3, token_version = token_version + 1,
                          security_changed_at = clock_timestamp()
      WHERE username = $1
      RETURNING token_version""";

  /** The median of the stored hashes' PBKDF2 counts (the count is the hash string's second field). */
  private static final String MEDIAN_ITERATIONS = """
      SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY split_part(password_hash, '$', 2)::int) FROM app_user
      WHERE password_hash LIKE 'pbkdf2-sha256$%'""";

  private static final String SECURITY_CHANGES = """
      SELECT username, disabled, token_version, security_changed_at FROM app_user
      WHERE security_changed_at > $1 ORDER BY security_changed_at""";

  /** A stored account with its hash, for the login check only. */
  private static final String REHASH = """
      UPDATE app_user SET password_hash = $3 WHERE username = $1 AND password_hash = $2""";

  record Credentials(Principal principal, String passwordHash, boolean disabled, boolean mustChangePassword,
                     int tokenVersion) {}

  /** What every node must know of an account to refuse its old tokens. */
  record SecurityState(String username, boolean disabled, int tokenVersion, OffsetDateTime changedAt) {}

  /** One account of a bulk creation, with its hash. */
  record NewAccount(String username, String hash, Role role, String schoolCode, String areaCode) {}

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<User>> insert(String username, String hash, Role role, String school, String area, String by) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(username, hash, role.wire(), school, area, by))
        .map(rows -> Rows.first(rows).map(UserRepository::user));
  }

  /** The usernames among these that already exist. */
  Future<List<Taken>> taken(List<String> usernames) {
    return pool.preparedQuery(TAKEN).mapping(TAKEN_ROW)
        .execute(Tuple.tuple().addArrayOfString(usernames.toArray(String[]::new))).map(Rows::list);
  }

  Future<Void> insertMany(List<NewAccount> accounts, String by) {
    Tuple args = Columns.addTo(Tuple.tuple(), accounts, NewAccount::username, NewAccount::hash, a -> a.role().wire(),
        NewAccount::schoolCode, NewAccount::areaCode);
    return pool.preparedQuery(INSERT_MANY).execute(args.addString(by)).mapEmpty();
  }

  Future<Boolean> anyAdmin() {
    return pool.query(ANY_ADMIN).execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<Boolean> insertFirstAdmin(String username, String hash) {
    return pool.preparedQuery(INSERT_FIRST_ADMIN).execute(Tuple.of(username, hash)).map(rows -> rows.size() == 1);
  }

  Future<Optional<Credentials>> findForLogin(String username) {
    return pool.preparedQuery(FIND_FOR_LOGIN).mapping(CREDENTIALS).execute(Tuple.of(username)).map(Rows::first);
  }

  Future<Optional<User>> find(String username) {
    return pool.preparedQuery(FIND).mapping(UserRepository::user).execute(Tuple.of(username)).map(Rows::first);
  }

  /** {@code schools}: only accounts of these schools (an area's), or null for any. */
  Future<List<User>> list(Role role, String school, String area, List<String> schools, int limit, int offset) {
    return pool.preparedQuery(LIST).mapping(UserRepository::user)
        .execute(filter(role, school, area, schools).addInteger(limit).addInteger(offset))
        .map(Rows::list);
  }

  Future<Long> count(Role role, String school, String area, List<String> schools) {
    return pool.preparedQuery(COUNT).execute(filter(role, school, area, schools))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Tuple filter(Role role, String school, String area, List<String> schools) {
    return Tuple.tuple().addString(role == null ? null : role.wire()).addString(school).addString(area)
        .addArrayOfString(schools == null ? null : schools.toArray(String[]::new));
  }

  Future<Optional<User>> disable(String username) {
    return pool.preparedQuery(DISABLE).mapping(UserRepository::user).execute(Tuple.of(username)).map(Rows::first);
  }

  /**
   * The same password at today's cost. Only if the hash is still the one the login checked: a password changed
   * meanwhile is never overwritten. Tokens stay valid: the password is the same.
   */
  Future<Boolean> rehash(String username, String checked, String hash) {
    return pool.preparedQuery(REHASH).execute(Tuple.of(username, checked, hash)).map(rows -> rows.rowCount() == 1);
  }

  /** The account's new token version, or empty when there is no such account. */
  Future<Optional<Integer>> setPassword(String username, String hash, boolean mustChange) {
    return pool.preparedQuery(SET_PASSWORD).execute(Tuple.of(username, hash, mustChange))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getInteger(0)));
  }

  Future<Optional<Integer>> medianIterations() {
    return pool.query(MEDIAN_ITERATIONS).execute()
        .map(rows -> Optional.ofNullable(rows.iterator().next().getInteger(0)));
  }

  Future<List<SecurityState>> securityChangesSince(OffsetDateTime since) {
    return pool.preparedQuery(SECURITY_CHANGES).mapping(SECURITY_STATE).execute(Tuple.of(since)).map(Rows::list);
  }

  private static final Function<Row, Taken> TAKEN_ROW = r -> new Taken(r.getString(0), r.getString(1));

  private static final Function<Row, Credentials> CREDENTIALS = r -> new Credentials(
      new Principal(r.getString("username"), Role.fromWire(r.getString("role")).orElseThrow(), r.getString("school_code"),
          r.getString("area_code")),
      r.getString("password_hash"), r.getBoolean("disabled"), r.getBoolean("must_change_password"),
      r.getInteger("token_version"));

  private static final Function<Row, SecurityState> SECURITY_STATE = r -> new SecurityState(r.getString("username"),
      r.getBoolean("disabled"), r.getInteger("token_version"), r.getOffsetDateTime("security_changed_at"));

  private static User user(Row r) {
    return new User(r.getString("username"), Role.fromWire(r.getString("role")).orElseThrow(),
        r.getString("school_code"), r.getString("area_code"), r.getBoolean("disabled"),
        r.getOffsetDateTime("created_at"), r.getBoolean("must_change_password"));
  }
}
