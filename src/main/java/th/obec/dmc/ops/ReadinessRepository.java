package th.obec.dmc.ops;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Asks PostgreSQL which schema version is in place. */
public final class ReadinessRepository {
  private static final String SCHEMA_VERSION = """
      SELECT version FROM flyway_schema_history
      WHERE success AND version IS NOT NULL
      ORDER BY installed_rank DESC LIMIT 1""";

  private final Pool pool;

  public ReadinessRepository(Pool pool) {
    this.pool = pool;
  }

  /** Whether the database behind this pool takes writes now (a leader, not a standby). */
  Future<Boolean> writable() {
    return pool.query("SELECT NOT pg_is_in_recovery()").execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<String> schemaVersion() {
    return pool.query(SCHEMA_VERSION).execute()
        .map(rows -> rows.size() == 0 ? "" : rows.iterator().next().getString(0));
  }
}
