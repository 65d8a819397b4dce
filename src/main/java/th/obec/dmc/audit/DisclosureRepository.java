package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.List;

/** The SQL of the daily disclosure budget. */
public final class DisclosureRepository {
  /**
   * Records the children named to an account today and answers how many distinct ones it has been told of today,
   * these included (the insert's own rows are not yet visible to the count, so they are added).
   */
  private static final String RECORD = """
      WITH added AS (
        INSERT INTO disclosure_day (username, day, citizen_id)
        SELECT $1, $2, id FROM unnest($3::text[]) AS id
        ON CONFLICT DO NOTHING RETURNING 1)
      SELECT (SELECT count(*) FROM disclosure_day WHERE username = $1 AND day = $2) + (SELECT count(*) FROM added)""";

  private final Pool pool;

  public DisclosureRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Long> record(String username, LocalDate day, List<String> citizenIds) {
    return pool.preparedQuery(RECORD)
        .execute(Tuple.of(username, day).addArrayOfString(citizenIds.toArray(String[]::new)))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
