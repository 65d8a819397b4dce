package th.obec.dmc.student;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of the year-end promotion: once per academic year, set-based over the whole roll. */
public final class PromotionRepository {
  /** The first promotion of the year claims it; a second finds the claim and changes nothing. */
  private static final String CLAIM = """
      INSERT INTO year_end_promotion (academic_year, id, promoted_by, promoted_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (academic_year) DO NOTHING RETURNING id""";

  private static final String DONE = """
      SELECT promoted_by, promoted_at, promoted, graduated FROM year_end_promotion WHERE academic_year = $1""";

  /**
   * In each track of grades ($1 the grades in order, $4 each one's track), each school's top grade
   * graduates: off the roll, with a movement of its own.
   */
  private static final String GRADUATE = """
      WITH g AS (SELECT grade, ord, track FROM unnest($1::text[], $4::int[]) WITH ORDINALITY AS t(grade, track, ord)),
      top AS (SELECT s.school_code, g.track, max(g.ord) AS ord FROM student s JOIN g ON g.grade = s.grade
              WHERE s.status = 'active' GROUP BY s.school_code, g.track),
      leaving AS (
        UPDATE student s SET status = 'graduated', updated_at = $3
        FROM top JOIN g ON g.ord = top.ord
        WHERE s.school_code = top.school_code AND s.grade = g.grade AND s.status = 'active'
        RETURNING s.school_code, s.citizen_id)
      INSERT INTO movement (school_code, citizen_id, movement, movement_date, reason, upload_id, recorded_at)
      SELECT school_code, citizen_id, 'graduation', ($3 AT TIME ZONE 'Asia/Bangkok')::date, 'graduated', $2, $3
      FROM leaving""";

  /** Every other active student moves to the next grade of its track. */
  private static final String PROMOTE = """
      WITH g AS (SELECT grade, lead(grade) OVER (PARTITION BY track ORDER BY ord) AS next
                 FROM unnest($1::text[], $3::int[]) WITH ORDINALITY AS t(grade, track, ord))
      UPDATE student s SET grade = g.next, updated_at = $2
      FROM g WHERE s.grade = g.grade AND g.next IS NOT NULL AND s.status = 'active'""";

  private static final String RECORD = """
      UPDATE year_end_promotion SET promoted = $2, graduated = $3 WHERE academic_year = $1""";

  /** A promotion as recorded. */
  record Promotion(String by, Instant at, int promoted, int graduated) {}

  private final Pool pool;

  public PromotionRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** Whether this call is the year's first; false when the year was promoted already. */
  Future<Boolean> claim(SqlConnection conn, int academicYear, UUID id, String by, Instant at) {
    return conn.preparedQuery(CLAIM).execute(Tuple.of(academicYear, id, by, at.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() == 1);
  }

  Future<Integer> graduate(SqlConnection conn, String[] grades, Integer[] tracks, UUID id, Instant at) {
    return conn.preparedQuery(GRADUATE).execute(Tuple.tuple().addArrayOfString(grades).addUUID(id)
        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)).addArrayOfInteger(tracks)).map(rows -> rows.rowCount());
  }

  Future<Integer> promote(SqlConnection conn, String[] grades, Integer[] tracks, Instant at) {
    return conn.preparedQuery(PROMOTE).execute(Tuple.tuple().addArrayOfString(grades)
        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)).addArrayOfInteger(tracks)).map(rows -> rows.rowCount());
  }

  Future<Void> record(SqlConnection conn, int academicYear, int promoted, int graduated) {
    return conn.preparedQuery(RECORD).execute(Tuple.of(academicYear, promoted, graduated)).mapEmpty();
  }

  Future<Optional<Promotion>> done(SqlConnection conn, int academicYear) {
    return conn.preparedQuery(DONE).execute(Tuple.of(academicYear)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      var r = rows.iterator().next();
      return Optional.of(new Promotion(r.getString("promoted_by"), r.getOffsetDateTime("promoted_at").toInstant(),
          r.getInteger("promoted"), r.getInteger("graduated")));
    });
  }
}
