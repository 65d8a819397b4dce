package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Rows;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the day's charts: kept counts per school and quarter hour, and the schools' states per area. */
final class DayProgressRepository {
  /** An area's quarters: the primary key's prefix and its schools, never the day's answers. */
  static final String AREA_TIMELINE = """
      SELECT bucket, sum(present) AS present, sum(not_present) AS not_present, sum(certified) AS certified
      FROM answer_timeline WHERE academic_year = $1 AND term = $2 AND school_code = ANY($3::text[])
      GROUP BY bucket ORDER BY bucket""";

  static final String NATIONAL_TIMELINE = """
      SELECT bucket, sum(present) AS present, sum(not_present) AS not_present, sum(certified) AS certified
      FROM answer_timeline WHERE academic_year = $1 AND term = $2
      GROUP BY bucket ORDER BY bucket""";

  /** Each area's schools by state, from the registry, the kept answer counts and the certifications. */
  private static final String AREAS = """
      SELECT s.area_code, count(*) AS schools, count(c.school_code) AS certified,
             count(*) FILTER (WHERE c.school_code IS NULL AND a.school_code IS NOT NULL) AS confirming
      FROM school s
      LEFT JOIN certification c ON c.academic_year = $1 AND c.term = $2 AND c.school_code = s.code
      LEFT JOIN (SELECT DISTINCT school_code FROM answer_count
                 WHERE academic_year = $1 AND term = $2 AND present + not_present > 0) a ON a.school_code = s.code
      GROUP BY s.area_code ORDER BY s.area_code""";

  record Quarter(OffsetDateTime start, long present, long notPresent, long certified) {}

  record AreaStates(String areaCode, long schools, long certified, long confirming) {}

  private final Pool pool;

  DayProgressRepository(Pool pool) {
    this.pool = pool;
  }

  Future<List<Quarter>> areaTimeline(Round round, List<String> schools) {
    return pool.preparedQuery(AREA_TIMELINE).mapping(QUARTER).execute(Tuple.tuple().addInteger(round.academicYear())
        .addInteger(round.term()).addArrayOfString(schools.toArray(String[]::new))).map(Rows::list);
  }

  Future<List<Quarter>> nationalTimeline(Round round) {
    return pool.preparedQuery(NATIONAL_TIMELINE).mapping(QUARTER).execute(Tuple.of(round.academicYear(), round.term()))
        .map(Rows::list);
  }

  Future<List<AreaStates>> areas(Round round) {
    return pool.preparedQuery(AREAS).mapping(AREA_STATES).execute(Tuple.of(round.academicYear(), round.term()))
        .map(Rows::list);
  }

  private static final java.util.function.Function<Row, AreaStates> AREA_STATES = r -> new AreaStates(
      r.getString("area_code"), r.getLong("schools"), r.getLong("certified"), r.getLong("confirming"));

  private static final java.util.function.Function<Row, Quarter> QUARTER = r -> new Quarter(
      r.getOffsetDateTime("bucket"), r.getLong("present"), r.getLong("not_present"), r.getLong("certified"));
}
