package th.obec.dmc.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.db.Rows;
import th.obec.dmc.db.CursorBatches;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The SQL of reports: they read the frozen snapshot of a closed round. */
public final class ReportRepository {
  private static final String CLOSURE = """
      SELECT closed_at, count_date FROM round_closure WHERE academic_year = $1 AND term = $2""";

  /**
   * Students present by school and grade, and how many of them are poor (their disadvantage code is one of
   * $3); "held" are those who look like a student present in another school (same name and birth date
   * under another ID), whom the subsidy lists apart rather than pays twice.
   */
  private static final String PRESENT_BY_SCHOOL_AND_GRADE = """
      WITH held AS (
        SELECT DISTINCT s.school_code, s.citizen_id FROM round_snapshot s
        JOIN round_snapshot o ON o.academic_year = s.academic_year AND o.term = s.term AND o.present
          AND o.first_name = s.first_name AND o.last_name = s.last_name AND o.birth_date = s.birth_date
          AND o.school_code <> s.school_code AND o.citizen_id <> s.citizen_id
        WHERE s.academic_year = $1 AND s.term = $2 AND s.present)
      SELECT s.school_code, s.grade, h.citizen_id IS NOT NULL AS held, count(*) AS present,
             count(*) FILTER (WHERE s.disadvantage = ANY($3::text[])) AS poor
      FROM round_snapshot s
      LEFT JOIN held h ON h.school_code = s.school_code AND h.citizen_id = s.citizen_id
      WHERE s.academic_year = $1 AND s.term = $2 AND s.present
      GROUP BY s.school_code, s.grade, held ORDER BY s.school_code, s.grade""";

  private static final String ROLL_LIVE = """
      SELECT s.school_code, s.citizen_id, s.student_number, s.prefix, s.first_name, s.last_name, s.sex,
             s.birth_date::text AS birth_date, s.grade, s.room, a.present::text AS present, a.reason
      FROM student s
      LEFT JOIN existence_answer a
        ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE s.school_code = ANY($3) AND s.status = 'active'
      ORDER BY s.school_code, s.grade, s.room, s.student_number, s.citizen_id""";

  private static final String ROLL_SNAPSHOT = """
      SELECT school_code, citizen_id, NULL::text AS student_number, prefix, first_name, last_name, sex,
             birth_date::text AS birth_date, grade, room, present::text AS present, reason
      FROM round_snapshot WHERE academic_year = $1 AND term = $2 AND school_code = ANY($3)
      ORDER BY school_code, grade, room, citizen_id""";

  private static final String GRADE_SEX_LIVE = """
      SELECT s.school_code, s.grade, s.sex, count(*) FILTER (WHERE a.present) AS present,
             count(*) FILTER (WHERE NOT a.present) AS not_present, count(*) FILTER (WHERE a.citizen_id IS NULL) AS unanswered
      FROM student s
      LEFT JOIN existence_answer a
        ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE ($3::text[] IS NULL OR s.school_code = ANY($3)) AND s.status = 'active'
      GROUP BY s.school_code, s.grade, s.sex ORDER BY s.school_code, s.grade, s.sex""";

  private static final String GRADE_SEX_SNAPSHOT = """
      SELECT school_code, grade, sex, count(*) FILTER (WHERE present) AS present,
             count(*) FILTER (WHERE NOT present) AS not_present, count(*) FILTER (WHERE present IS NULL) AS unanswered
      FROM round_snapshot WHERE academic_year = $1 AND term = $2 AND ($3::text[] IS NULL OR school_code = ANY($3))
      GROUP BY school_code, grade, sex ORDER BY school_code, grade, sex""";

  private static final String ROOM_SEX_LIVE = """
      SELECT school_code, grade, room, count(*) FILTER (WHERE sex = 'M') AS male,
             count(*) FILTER (WHERE sex = 'F') AS female
      FROM student WHERE school_code = ANY($1) AND status = 'active'
      GROUP BY school_code, grade, room ORDER BY school_code, grade, room""";

  private static final String ROOM_SEX_SNAPSHOT = """
      SELECT school_code, grade, room, count(*) FILTER (WHERE sex = 'M') AS male,
             count(*) FILTER (WHERE sex = 'F') AS female
      FROM round_snapshot WHERE academic_year = $1 AND term = $2 AND school_code = ANY($3)
      GROUP BY school_code, grade, room ORDER BY school_code, grade, room""";

  /** Students of one school's room, by sex: the DMC summary by grade, room and sex. */
  record RoomSexCount(String schoolCode, String grade, String room, long male, long female) {}

  private static final Function<Row, RoomSexCount> ROOM_SEX_COUNT = r -> new RoomSexCount(r.getString("school_code"),
      r.getString("grade"), r.getString("room"), r.getLong("male"), r.getLong("female"));

  /** Counts by school, grade, room and sex of these schools: live, or from the snapshot once closed. */
  Future<List<RoomSexCount>> roomsAndSex(int year, int term, List<String> schools, boolean snapshot) {
    String[] codes = schools.toArray(String[]::new);
    // The live roll has no round: only the snapshot is chosen by year and term.
    Tuple args = snapshot ? Tuple.tuple().addInteger(year).addInteger(term).addArrayOfString(codes)
        : Tuple.tuple().addArrayOfString(codes);
    return pool.preparedQuery(snapshot ? ROOM_SEX_SNAPSHOT : ROOM_SEX_LIVE).mapping(ROOM_SEX_COUNT).execute(args)
        .map(Rows::list);
  }

  /** Students of one school, grade and sex: present, not present, not yet answered. */
  record GradeSexCount(String schoolCode, String grade, String sex, long present, long notPresent, long unanswered) {
    long total() {
      return present + notPresent + unanswered;
    }
  }

  /** Students counted present in one school and grade, in the closed round; poor ones; held apart or not. */
  record PresentCount(String schoolCode, String grade, boolean held, long present, long poor) {}

  /** One student of a roll, as the roll sheet shows it. */
  record RollLine(String schoolCode, String citizenId, String studentNumber, String prefix, String firstName,
                  String lastName, String sex, String birthDate, String grade, String room, String present,
                  String reason) {
    /** The row as a person reads it: the birth date in BE as schools write it (the API and the Exchange file keep ISO). */
    List<Object> cells() {
      return Arrays.asList(schoolCode, citizenId, studentNumber, prefix, firstName, lastName, sex,
          birthDate == null ? null : ThaiDates.slashed(LocalDate.parse(birthDate)), grade, room, present, reason);
    }
  }

  private static final String DETAILS = """
      SELECT citizen_id, student_number, first_name, last_name, details::text AS details
      FROM student WHERE school_code = $1 AND status = 'active'
      ORDER BY grade, room, student_number, citizen_id""";

  /** One active student's own fields beyond the roll: the portal exports' extra fields, as stored. */
  record StudentDetails(String citizenId, String studentNumber, String firstName, String lastName, JsonObject details) {}

  private final Pool pool;

  public ReportRepository(Pool pool) {
    this.pool = pool;
  }

  /** A closed round: when, and its count day (null for a round closed before the day was kept). */
  record Closure(OffsetDateTime at, LocalDate countDate) {}

  Future<Optional<Closure>> closedAt(int year, int term) {
    return pool.preparedQuery(CLOSURE).execute(Tuple.of(year, term)).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(new Closure(rows.iterator().next().getOffsetDateTime(0), rows.iterator().next().getLocalDate(1))));
  }

  /** Counts by school, grade and sex, of these schools or (null) all: live, or from the snapshot once closed. */
  Future<List<GradeSexCount>> gradeAndSex(int year, int term, List<String> schools, boolean snapshot) {
    Tuple t = Tuple.tuple().addInteger(year).addInteger(term);
    if (schools == null) t.addValue(null);
    else t.addArrayOfString(schools.toArray(String[]::new));
    return pool.preparedQuery(snapshot ? GRADE_SEX_SNAPSHOT : GRADE_SEX_LIVE).mapping(GRADE_SEX_COUNT).execute(t)
        .map(Rows::list);
  }

  /**
   * The students of these schools, live or from the snapshot, from a cursor in one transaction, handed on
   * in batches of {@code batch} in roll order; the cursor waits while a batch is handled.
   */
  Future<Void> roll(int year, int term, List<String> schools, boolean snapshot, int batch,
                    Function<List<RollLine>, Future<?>> handle) {
    return pool.withTransaction(conn -> conn.prepare(snapshot ? ROLL_SNAPSHOT : ROLL_LIVE)
        .map(ps -> ps.createStream(batch,
            Tuple.tuple().addInteger(year).addInteger(term).addArrayOfString(schools.toArray(String[]::new))))
        .compose(stream -> CursorBatches.forEach(stream, batch, ROLL_LINE, handle)));
  }

  /** A school's active students with their extra fields: a school has at most a few thousand. */
  Future<List<StudentDetails>> details(String schoolCode) {
    return pool.preparedQuery(DETAILS).mapping(STUDENT_DETAILS).execute(Tuple.of(schoolCode)).map(Rows::list);
  }

  Future<List<PresentCount>> presentBySchoolAndGrade(int year, int term, Collection<String> poorCodes) {
    return pool.preparedQuery(PRESENT_BY_SCHOOL_AND_GRADE)
        .mapping(PRESENT_COUNT)
        .execute(Tuple.tuple().addInteger(year).addInteger(term).addArrayOfString(poorCodes.toArray(String[]::new)))
        .map(Rows::list);
  }

  private static final Function<Row, GradeSexCount> GRADE_SEX_COUNT = r -> new GradeSexCount(r.getString("school_code"),
      r.getString("grade"), r.getString("sex"), r.getLong("present"), r.getLong("not_present"), r.getLong("unanswered"));

  private static final Function<Row, RollLine> ROLL_LINE = r -> new RollLine(r.getString("school_code"),
      r.getString("citizen_id"), r.getString("student_number"), r.getString("prefix"), r.getString("first_name"),
      r.getString("last_name"), r.getString("sex"), r.getString("birth_date"), r.getString("grade"),
      r.getString("room"), r.getString("present"), r.getString("reason"));

  private static final Function<Row, StudentDetails> STUDENT_DETAILS = r -> new StudentDetails(r.getString("citizen_id"),
      r.getString("student_number"), r.getString("first_name"), r.getString("last_name"),
      new JsonObject(r.getString("details")));

  private static final Function<Row, PresentCount> PRESENT_COUNT = r -> new PresentCount(r.getString("school_code"),
      r.getString("grade"), r.getBoolean("held"), r.getLong("present"), r.getLong("poor"));
}
