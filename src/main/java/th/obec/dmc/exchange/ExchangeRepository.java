package th.obec.dmc.exchange;

import java.util.Arrays;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Rows;
import th.obec.dmc.db.CursorBatches;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The SQL of the Exchange file: it reads the closed round's snapshot, students through a cursor. */
public final class ExchangeRepository {
  private static final String CLOSURE = "SELECT closed_at FROM round_closure WHERE academic_year = $1 AND term = $2";

  private static final String SCHOOL_COUNTS = """
      SELECT school_code, count(*) FILTER (WHERE present) AS present, count(*) FILTER (WHERE NOT present) AS not_present,
             count(*) FILTER (WHERE present IS NULL) AS unanswered
      FROM round_snapshot WHERE academic_year = $1 AND term = $2
      GROUP BY school_code ORDER BY school_code""";

  static final String STUDENTS = """
      SELECT school_code, citizen_id, prefix, first_name, last_name, sex, birth_date, grade, room, present, reason,
             nationality, disadvantage, disability,
             CASE WHEN school_code LIKE '10%' THEN substr(school_code, 3) END AS smis_code
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

  /** A school's answers in the snapshot. */
  record SchoolCount(String schoolCode, long present, long notPresent, long unanswered) {}

  Future<List<SchoolCount>> schoolCounts(int year, int term) {
    return pool.preparedQuery(SCHOOL_COUNTS).mapping(SCHOOL_COUNT).execute(Tuple.of(year, term)).map(Rows::list);
  }

  private static final Function<Row, SchoolCount> SCHOOL_COUNT = r -> new SchoolCount(r.getString("school_code"),
      r.getLong("present"), r.getLong("not_present"), r.getLong("unanswered"));

  /**
   * The snapshot's students as CSV lines in the file's column order, from a cursor in one transaction,
   * handed on in batches of {@code batch}; the cursor waits while a batch is written.
   */
  Future<Void> students(int year, int term, int batch, Function<List<List<String>>, Future<?>> handle) {
    return pool.withTransaction(conn -> conn.prepare(STUDENTS)
        .map(ps -> ps.createStream(batch, Tuple.of(year, term)))
        .compose(stream -> CursorBatches.forEach(stream, batch, ExchangeRepository::studentLine, handle)));
  }

  private static List<String> studentLine(Row r) {
    Boolean present = r.getBoolean("present");
    return Arrays.asList(r.getString("school_code"), r.getString("citizen_id"), r.getString("prefix"),
        r.getString("first_name"), r.getString("last_name"), r.getString("sex"), r.getLocalDate("birth_date").toString(),
        r.getString("grade"), r.getString("room"), present == null ? "" : present.toString(), r.getString("reason"),
        r.getString("nationality"), r.getString("disadvantage"), r.getString("disability"), r.getString("smis_code"));
  }
}
