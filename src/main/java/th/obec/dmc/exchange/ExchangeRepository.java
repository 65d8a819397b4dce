package th.obec.dmc.exchange;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;

/** The SQL of the Exchange file: it reads the closed round's snapshot, students through a cursor. */
public final class ExchangeRepository {
  private static final String CLOSURE = "SELECT closed_at FROM round_closure WHERE academic_year = $1 AND term = $2";

  private static final String SCHOOL_COUNTS = """
      SELECT school_code, count(*) FILTER (WHERE present) AS present, count(*) FILTER (WHERE NOT present) AS not_present,
             count(*) FILTER (WHERE present IS NULL) AS unanswered
      FROM round_snapshot WHERE academic_year = $1 AND term = $2
      GROUP BY school_code ORDER BY school_code""";

  static final String STUDENTS = """
      SELECT school_code, citizen_id, prefix, first_name, last_name, sex, birth_date, grade, room, present, reason
      FROM round_snapshot WHERE academic_year = $1 AND term = $2
      ORDER BY school_code, citizen_id""";

  private final Pool pool;

  public ExchangeRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Optional<OffsetDateTime>> closedAt(int year, int term) {
    return pool.preparedQuery(CLOSURE).execute(Tuple.of(year, term))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getOffsetDateTime(0)));
  }

  Future<RowSet<Row>> schoolCounts(int year, int term) {
    return pool.preparedQuery(SCHOOL_COUNTS).execute(Tuple.of(year, term));
  }

  /** A cursor over the snapshot's students, fetching {@code fetch} rows at a time; it needs a transaction. */
  Future<RowStream<Row>> students(SqlConnection conn, int year, int term, int fetch) {
    return conn.prepare(STUDENTS).map(ps -> ps.createStream(fetch, Tuple.of(year, term)));
  }
}
