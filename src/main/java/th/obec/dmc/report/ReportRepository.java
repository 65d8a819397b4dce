package th.obec.dmc.report;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** The SQL of reports: they read the frozen snapshot of a closed round. */
public final class ReportRepository {
  private static final String CLOSURE = """
      SELECT closed_at FROM round_closure WHERE academic_year = $1 AND term = $2""";

  private static final String PRESENT_BY_SCHOOL_AND_GRADE = """
      SELECT school_code, grade, count(*) AS present FROM round_snapshot
      WHERE academic_year = $1 AND term = $2 AND present
      GROUP BY school_code, grade ORDER BY school_code, grade""";

  private final Pool pool;

  public ReportRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<java.time.OffsetDateTime>> closedAt(int year, int term) {
    return pool.preparedQuery(CLOSURE).execute(Tuple.of(year, term))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getOffsetDateTime(0)));
  }

  Future<RowSet<Row>> presentBySchoolAndGrade(int year, int term) {
    return pool.preparedQuery(PRESENT_BY_SCHOOL_AND_GRADE).execute(Tuple.of(year, term));
  }
}
