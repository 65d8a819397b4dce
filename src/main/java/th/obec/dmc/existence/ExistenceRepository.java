package th.obec.dmc.existence;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Columns;
import th.obec.dmc.db.Rows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the 10 November round. Locks: every write of a school's round takes the school's lock
 * (shared for answers and roll changes, exclusive to certify or reopen) and the round's lock (shared;
 * exclusive to close), so a certification never sees a half-written answer and a close never misses one.
 */
public final class ExistenceRepository {
  /** Takes the locks and reads the school's state in one round trip: the surge is made of round trips. */
  private static final String LOCK_SCHOOL_SHARED = """
      SELECT pg_advisory_xact_lock_shared(hashtext('round:' || $1 || ':' || $2 || ':' || $3)),
             pg_advisory_xact_lock_shared(hashtext('round:' || $1 || ':' || $2)),
             (SELECT closed_at FROM round_closure WHERE academic_year = $1::int AND term = $2::int) AS closed_at,
             (SELECT certified_at FROM certification
              WHERE academic_year = $1::int AND term = $2::int AND school_code = $3) AS certified_at""";
  private static final String LOCK_SCHOOL_EXCLUSIVE = """
      SELECT pg_advisory_xact_lock(hashtext('round:' || $1 || ':' || $2 || ':' || $3)),
             pg_advisory_xact_lock_shared(hashtext('round:' || $1 || ':' || $2)),
             (SELECT closed_at FROM round_closure WHERE academic_year = $1::int AND term = $2::int) AS closed_at,
             (SELECT certified_at FROM certification
              WHERE academic_year = $1::int AND term = $2::int AND school_code = $3) AS certified_at""";
  private static final String LOCK_ROUND_EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtext('round:' || $1 || ':' || $2))";

  private static final String NOT_ON_ROLL = """
      SELECT c FROM unnest($2::text[]) AS c
      WHERE NOT EXISTS (SELECT 1 FROM student s WHERE s.school_code = $1 AND s.citizen_id = c AND s.status = 'active')""";

  private static final String ANSWER = """
      INSERT INTO existence_answer AS e (academic_year, term, school_code, citizen_id, present, reason, answered_by, answered_at)
      SELECT $1, $2, $3, c, p, r, $7, $8 FROM unnest($4::text[], $5::bool[], $6::text[]) AS i(c, p, r)
      ON CONFLICT (academic_year, term, school_code, citizen_id) DO UPDATE
        SET present = EXCLUDED.present, reason = EXCLUDED.reason, answered_by = EXCLUDED.answered_by,
            answered_at = EXCLUDED.answered_at
      WHERE (e.present, e.reason) IS DISTINCT FROM (EXCLUDED.present, EXCLUDED.reason)
      RETURNING (xmax = 0) AS inserted""";

  private static final String ROLL_WITH_ANSWERS = """
      SELECT s.citizen_id, s.student_number, s.prefix, s.first_name, s.last_name, s.grade, s.room,
             a.present::text AS present, a.reason
      FROM student s
      LEFT JOIN existence_answer a
        ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE s.school_code = $3 AND s.status = 'active'
      ORDER BY s.grade, s.room, s.student_number, s.citizen_id""";

  /** Many schools' existence requests in one round trip and one commit: see V12__answer_batch.sql. */
  private static final String ANSWER_BATCH =
      "SELECT * FROM existence_answer_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

  /** Counts by grade, with the certification beside each row, read from the counts kept up to date. */
  private static final String COUNTS_BY_GRADE = "SELECT * FROM existence_summary($1, $2, $3)";

  private static final String COUNTS_BY_GRADE_AND_SEX = """
      SELECT s.grade, s.sex, count(*) FILTER (WHERE a.present) AS present, count(*) FILTER (WHERE NOT a.present) AS not_present
      FROM student s
      JOIN existence_answer a
        ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE s.school_code = $3 AND s.status = 'active'
      GROUP BY s.grade, s.sex ORDER BY s.grade, s.sex""";

  private static final String UNANSWERED_ROOMS = """
      SELECT s.grade, s.room, count(*) AS unanswered FROM student s
      WHERE s.school_code = $3 AND s.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM existence_answer a WHERE a.academic_year = $1 AND a.term = $2
                        AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id)
      GROUP BY s.grade, s.room ORDER BY s.grade, s.room""";

  /** The school's rooms with their active students and how many are answered: the big school's page starts here. */
  private static final String ROOMS = """
      SELECT s.grade, s.room, count(*) AS active, count(a.citizen_id) AS answered,
             count(*) FILTER (WHERE s.sex = 'M') AS male, count(*) FILTER (WHERE s.sex = 'F') AS female FROM student s
      LEFT JOIN existence_answer a ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code
                                   AND a.citizen_id = s.citizen_id
      WHERE s.school_code = $3 AND s.status = 'active'
      GROUP BY s.grade, s.room ORDER BY s.grade, s.room""";

  private static final String CERTIFY = """
      INSERT INTO certification (academic_year, term, school_code, certified_by, certified_at, counts)
      VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""";

  private static final String REOPEN = """
      DELETE FROM certification WHERE academic_year = $1 AND term = $2 AND school_code = $3 RETURNING certified_by""";

  /** One area's acknowledgement and the reopening of its schools happen one after the other, never across. */
  private static final String LOCK_AREA = """
      SELECT pg_advisory_xact_lock_shared(hashtext('round:' || $1 || ':' || $2)),
             pg_advisory_xact_lock(hashtext('area:' || $1 || ':' || $2 || ':' || $3))""";

  private static final String ACKNOWLEDGED_AREAS = """
      SELECT area_code FROM acknowledgement WHERE academic_year = $1 AND term = $2""";

  private static final String ACKNOWLEDGED = """
      SELECT acknowledged_at FROM acknowledgement WHERE academic_year = $1 AND term = $2 AND area_code = $3""";

  private static final String PROGRESS = """
      SELECT sc, coalesce(r.active, 0) AS active, coalesce(a.present + a.not_present, 0) AS answered,
             coalesce(a.present, 0) AS present, coalesce(a.not_present, 0) AS not_present, a.last_answer,
             c.certified_at, c.certified_by
      FROM unnest($3::text[]) AS sc
      LEFT JOIN (SELECT school_code, sum(active) AS active FROM roll_count WHERE school_code = ANY($3)
                 GROUP BY school_code) r ON r.school_code = sc
      LEFT JOIN (SELECT school_code, sum(present) AS present, sum(not_present) AS not_present,
                        max(last_answer_at) AS last_answer
                 FROM answer_count WHERE academic_year = $1 AND term = $2 AND school_code = ANY($3)
                 GROUP BY school_code) a ON a.school_code = sc
      LEFT JOIN certification c ON c.academic_year = $1 AND c.term = $2 AND c.school_code = sc
      ORDER BY sc""";

  private static final String ACKNOWLEDGE = """
      INSERT INTO acknowledgement (academic_year, term, area_code, acknowledged_by, acknowledged_at, not_certified)
      VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""";

  private static final String ACKNOWLEDGEMENT = """
      SELECT acknowledged_by, acknowledged_at, not_certified FROM acknowledgement
      WHERE academic_year = $1 AND term = $2 AND area_code = $3""";

  private static final String CLOSE = """
      INSERT INTO round_closure (academic_year, term, closed_by, closed_at, students, count_date)
      SELECT $1, $2, $3, $4, count(*), $5 FROM student WHERE status = 'active'
      ON CONFLICT DO NOTHING""";

  private static final String SNAPSHOT = """
      INSERT INTO round_snapshot (academic_year, term, school_code, citizen_id, prefix, first_name, last_name, sex,
                                  birth_date, grade, room, present, reason, disadvantage, nationality, disability)
      SELECT $1, $2, s.school_code, s.citizen_id, s.prefix, s.first_name, s.last_name, s.sex, s.birth_date, s.grade,
             s.room, a.present, a.reason, s.disadvantage, s.nationality, s.disability
      FROM student s
      LEFT JOIN existence_answer a
        ON a.academic_year = $1 AND a.term = $2 AND a.school_code = s.school_code AND a.citizen_id = s.citizen_id
      WHERE s.status = 'active'""";

  private static final String CLOSURE = """
      SELECT closed_by, closed_at, students,
             (SELECT count(*) FROM round_snapshot r WHERE r.academic_year = $1 AND r.term = $2 AND r.present) AS present
      FROM round_closure WHERE academic_year = $1 AND term = $2""";

  private static final String DUPLICATES = """
      SELECT s.citizen_id, s.first_name, s.last_name, s.birth_date, s.school_code, s.grade, s.room,
             o.citizen_id AS other_citizen_id, o.school_code AS other_school_code, o.grade AS other_grade
      FROM student s
      JOIN student o ON o.first_name = s.first_name AND o.last_name = s.last_name AND o.birth_date = s.birth_date
                    AND o.status = 'active' AND o.school_code <> s.school_code
      WHERE s.school_code = ANY($1) AND s.status = 'active'
      ORDER BY s.school_code, s.citizen_id""";

  /** Schools in the registry, schools with answers but no certification, schools certified. */
  private static final String SCHOOL_STATES = """
      SELECT (SELECT count(*) FROM school),
             (SELECT count(*) FROM (SELECT DISTINCT school_code FROM existence_answer
                                    WHERE academic_year = $1 AND term = $2) answered
              WHERE NOT EXISTS (SELECT 1 FROM certification c WHERE c.academic_year = $1 AND c.term = $2
                                AND c.school_code = answered.school_code)),
             (SELECT count(*) FROM certification WHERE academic_year = $1 AND term = $2)""";

  /** Where a school's round stands: closed, certified, or still open to answers. */
  record State(OffsetDateTime closedAt, OffsetDateTime certifiedAt) {}

  /** One grade of a school's roll and its answers; {@code grade} null for a school without students. */
  public record GradeCounts(String grade, long active, long present, long notPresent, long unanswered,
                     OffsetDateTime lastAnswer, OffsetDateTime certifiedAt, String certifiedBy) {}

  /** Answered students of one grade and sex, frozen by the certification. */
  record GradeSexAnswers(String grade, String sex, long present, long notPresent) {}

  /** A room with students not yet answered. */
  record UnansweredRoom(String grade, String room, long unanswered) {}

  /** One school's progress in the round. */
  public record SchoolProgress(String schoolCode, long active, long answered, long present, long notPresent,
                        OffsetDateTime lastAnswer, OffsetDateTime certifiedAt) {}

  /** An area's acknowledgement. */
  public record Acknowledgement(String by, OffsetDateTime at, Object notCertified) {}

  /** The round's closure. */
  public record Closure(String by, OffsetDateTime at, int students, long present) {}

  /** A student active in this area who looks like one active in another school. */
  public record PossibleDuplicate(String citizenId, String firstName, String lastName, LocalDate birthDate, String schoolCode,
                           String grade, String otherCitizenId, String otherSchoolCode, String otherGrade) {}

  private final Pool pool;

  public ExistenceRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** Locks the school for a write of its round and answers its state as seen under the lock. */
  Future<State> lockSchoolShared(SqlConnection conn, Round round, String school) {
    return conn.preparedQuery(LOCK_SCHOOL_SHARED).execute(lockKey(round, school)).map(ExistenceRepository::state);
  }

  /** The same, exclusively: to certify or reopen. */
  Future<State> lockSchoolExclusive(SqlConnection conn, Round round, String school) {
    return conn.preparedQuery(LOCK_SCHOOL_EXCLUSIVE).execute(lockKey(round, school)).map(ExistenceRepository::state);
  }

  private static State state(RowSet<Row> rows) {
    Row r = rows.iterator().next();
    return new State(r.getOffsetDateTime("closed_at"), r.getOffsetDateTime("certified_at"));
  }

  Future<Void> lockRoundExclusive(SqlConnection conn, Round round) {
    return conn.preparedQuery(LOCK_ROUND_EXCLUSIVE)
        .execute(Tuple.of(String.valueOf(round.academicYear()), String.valueOf(round.term()))).mapEmpty();
  }

  private static Tuple lockKey(Round round, String school) {
    return Tuple.of(String.valueOf(round.academicYear()), String.valueOf(round.term()), school);
  }

  Future<List<String>> notOnRoll(SqlClient client, String school, String[] ids) {
    return client.preparedQuery(NOT_ON_ROLL).execute(Tuple.tuple().addString(school).addArrayOfString(ids))
        .map(rows -> {
          List<String> list = new ArrayList<>();
          rows.forEach(r -> list.add(r.getString(0)));
          return list;
        });
  }

  /** How many answers an upload wrote new and how many it changed. */
  record AnswerCounts(int inserted, int updated) {}

  /** Writes the answers that differ from what is stored; answers how many were new and how many changed. */
  Future<AnswerCounts> answer(SqlClient client, Round round, String school, String[] ids, Boolean[] present,
                              String[] reasons, String by, Instant at) {
    return client.preparedQuery(ANSWER).execute(Tuple.tuple().addInteger(round.academicYear()).addInteger(round.term())
            .addString(school).addArrayOfString(ids).addArrayOfBoolean(present).addArrayOfString(reasons)
            .addString(by).addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          int inserted = 0;
          for (Row r : rows) if (r.getBoolean(0)) inserted++;
          return new AnswerCounts(inserted, rows.size() - inserted);
        });
  }

  /** The school's active roll with its answers, each row in the existence spec's column order. */
  Future<List<String[]>> rollWithAnswers(Round round, String school) {
    return pool.preparedQuery(ROLL_WITH_ANSWERS).execute(Tuple.of(round.academicYear(), round.term(), school))
        .map(rows -> {
          List<String[]> list = new ArrayList<>(rows.size());
          for (Row r : rows) {
            String[] v = new String[r.size()];
            for (int i = 0; i < v.length; i++) v[i] = r.getValue(i) == null ? null : r.getValue(i).toString();
            list.add(v);
          }
          return list;
        });
  }

  /** One school's request in a batch, with who sent it. */
  record Call(String school, AnswerRequest request, String by, String role) {}

  /** What became of one request: its outcome, the IDs not on the roll, how many answers changed, and the summary. */
  record Answered(Outcome outcome, List<String> unknown, int changed, List<GradeCounts> summary) {}

  /** One row of existence_answer_batch: a request's outcome with one grade of its school's summary. */
  private record BatchRow(int request, Outcome outcome, String unknown, int changed, GradeCounts grade) {}

  /**
   * The calls, at most one per school, in one call of existence_answer_batch (one transaction): answers
   * what became of each, in the calls' order. The arrays the function takes are built here only.
   */
  Future<List<Answered>> answerBatch(Round round, Instant at, List<Call> calls) {
    return pool.preparedQuery(ANSWER_BATCH).mapping(BATCH_ROW).execute(batchArguments(round, at, calls))
        .map(rows -> answered(rows, calls.size()));
  }

  private static final Function<Row, BatchRow> BATCH_ROW = r -> new BatchRow(r.getInteger("req"),
      Outcome.of(r.getString("outcome")), r.getString("unknown"), r.getInteger("changed"), gradeCounts(r));

  /** The function's arguments: one element per call, and the answers' four arrays keyed by call (from 1). */
  private static Tuple batchArguments(Round round, Instant at, List<Call> calls) {
    int n = calls.size();
    String[] kinds = new String[n];
    String[] grades = new String[n];
    String[] rooms = new String[n];
    List<Integer> answerRequest = new ArrayList<>();
    List<String> answerIds = new ArrayList<>();
    List<Boolean> answerPresent = new ArrayList<>();
    List<String> answerReasons = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Call call = calls.get(i);
      // Java 17 has no pattern switch: the sealed interface's three kinds, tested in turn.
      if (call.request() instanceof AnswerRequest.Room room) {
        kinds[i] = "room";
        grades[i] = room.grade();
        rooms[i] = room.room();
      } else if (call.request() instanceof AnswerRequest.Answers answers) {
        kinds[i] = "answers";
        for (AnswerRequest.Answer a : answers.answers()) {
          answerRequest.add(i + 1);
          answerIds.add(a.studentId());
          answerPresent.add(a.present());
          answerReasons.add(a.reason());
        }
      } else {
        kinds[i] = "all";
      }
    }
    String[][] who = Columns.of(calls, Call::school, Call::by, Call::role);
    return Tuple.tuple().addInteger(round.academicYear()).addInteger(round.term())
        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)).addArrayOfString(who[0]).addArrayOfString(kinds)
        .addArrayOfString(grades).addArrayOfString(rooms).addArrayOfString(who[1]).addArrayOfString(who[2])
        .addArrayOfInteger(answerRequest.toArray(Integer[]::new)).addArrayOfString(answerIds.toArray(String[]::new))
        .addArrayOfBoolean(answerPresent.toArray(Boolean[]::new)).addArrayOfString(answerReasons.toArray(String[]::new));
  }

  /** Each call's outcome (its first row) with its school's summary (the rows of an answered call, one a grade). */
  private static List<Answered> answered(Iterable<BatchRow> rows, int n) {
    List<List<GradeCounts>> summaries = new ArrayList<>(n);
    BatchRow[] first = new BatchRow[n];
    for (int i = 0; i < n; i++) summaries.add(new ArrayList<>());
    for (BatchRow row : rows) {
      int i = row.request() - 1;
      if (first[i] == null) first[i] = row;
      if (row.outcome() == Outcome.ANSWERED) summaries.get(i).add(row.grade());
    }
    List<Answered> answered = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BatchRow r = first[i];
      answered.add(new Answered(r.outcome(), r.unknown() == null ? List.of() : List.of(r.unknown().split(",")),
          r.changed(), summaries.get(i)));
    }
    return answered;
  }

  /** A school without students has one row with its certification and no counts: they read as 0. */
  private static GradeCounts gradeCounts(Row r) {
    return new GradeCounts(r.getString("grade"), count(r, "active"), count(r, "present"), count(r, "not_present"),
        count(r, "unanswered"), r.getOffsetDateTime("last_answer"), r.getOffsetDateTime("certified_at"),
        r.getString("certified_by"));
  }

  private static long count(Row r, String column) {
    Long n = r.getLong(column);
    return n == null ? 0 : n;
  }

  Future<List<GradeCounts>> countsByGrade(SqlClient client, Round round, String school) {
    return client.preparedQuery(COUNTS_BY_GRADE).mapping(ExistenceRepository::gradeCounts)
        .execute(Tuple.of(round.academicYear(), round.term(), school)).map(Rows::list);
  }

  Future<List<GradeSexAnswers>> countsByGradeAndSex(SqlClient client, Round round, String school) {
    return client.preparedQuery(COUNTS_BY_GRADE_AND_SEX).mapping(GRADE_SEX_ANSWERS)
        .execute(Tuple.of(round.academicYear(), round.term(), school)).map(Rows::list);
  }

  public record RoomCount(String grade, String room, long active, long answered, long male, long female) {}

  private static final Function<Row, RoomCount> ROOM_COUNT = r -> new RoomCount(r.getString("grade"),
      r.getString("room"), r.getLong("active"), r.getLong("answered"), r.getLong("male"), r.getLong("female"));

  Future<List<RoomCount>> rooms(Round round, String school) {
    return pool.preparedQuery(ROOMS).mapping(ROOM_COUNT).execute(Tuple.of(round.academicYear(), round.term(), school))
        .map(Rows::list);
  }

  Future<List<UnansweredRoom>> unansweredRooms(SqlClient client, Round round, String school) {
    return client.preparedQuery(UNANSWERED_ROOMS).mapping(UNANSWERED_ROOM)
        .execute(Tuple.of(round.academicYear(), round.term(), school)).map(Rows::list);
  }

  private static final Function<Row, GradeSexAnswers> GRADE_SEX_ANSWERS = r -> new GradeSexAnswers(
      r.getString("grade"), r.getString("sex"), r.getLong("present"), r.getLong("not_present"));

  private static final Function<Row, UnansweredRoom> UNANSWERED_ROOM = r -> new UnansweredRoom(r.getString("grade"),
      r.getString("room"), r.getLong("unanswered"));

  Future<Boolean> certify(SqlClient client, Round round, String school, String by, Instant at, JsonObject counts) {
    return client.preparedQuery(CERTIFY).execute(Tuple.of(round.academicYear(), round.term(), school, by,
        at.atOffset(ZoneOffset.UTC), counts)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<String>> reopen(SqlClient client, Round round, String school) {
    return client.preparedQuery(REOPEN).execute(Tuple.of(round.academicYear(), round.term(), school))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  Future<Void> lockArea(SqlConnection conn, Round round, String area) {
    return conn.preparedQuery(LOCK_AREA).execute(Tuple.of(String.valueOf(round.academicYear()),
        String.valueOf(round.term()), area)).mapEmpty();
  }

  Future<Set<String>> acknowledgedAreas(SqlClient client, Round round) {
    return client.preparedQuery(ACKNOWLEDGED_AREAS).execute(Tuple.of(round.academicYear(), round.term()))
        .map(rows -> {
          Set<String> areas = new TreeSet<>();
          rows.forEach(r -> areas.add(r.getString(0)));
          return areas;
        });
  }

  Future<Boolean> acknowledged(SqlClient client, Round round, String area) {
    return client.preparedQuery(ACKNOWLEDGED).execute(Tuple.of(round.academicYear(), round.term(), area))
        .map(rows -> rows.size() > 0);
  }

  Future<List<SchoolProgress>> progress(Round round, List<String> schools) {
    return progress(pool, round, schools);
  }

  Future<List<SchoolProgress>> progress(SqlClient client, Round round, List<String> schools) {
    return client.preparedQuery(PROGRESS).mapping(SCHOOL_PROGRESS)
        .execute(Tuple.tuple().addInteger(round.academicYear()).addInteger(round.term())
            .addArrayOfString(schools.toArray(String[]::new)))
        .map(Rows::list);
  }

  private static final Function<Row, SchoolProgress> SCHOOL_PROGRESS = r -> new SchoolProgress(r.getString("sc"),
      r.getLong("active"), r.getLong("answered"), r.getLong("present"), r.getLong("not_present"),
      r.getOffsetDateTime("last_answer"), r.getOffsetDateTime("certified_at"));

  private static final Function<Row, Acknowledgement> ACKNOWLEDGEMENT_ROW = r -> new Acknowledgement(
      r.getString("acknowledged_by"), r.getOffsetDateTime("acknowledged_at"), r.getValue("not_certified"));

  private static final Function<Row, Closure> CLOSURE_ROW = r -> new Closure(r.getString("closed_by"),
      r.getOffsetDateTime("closed_at"), r.getInteger("students"), r.getLong("present"));

  private static final Function<Row, PossibleDuplicate> POSSIBLE_DUPLICATE = r -> new PossibleDuplicate(
      r.getString("citizen_id"), r.getString("first_name"), r.getString("last_name"), r.getLocalDate("birth_date"),
      r.getString("school_code"), r.getString("grade"), r.getString("other_citizen_id"),
      r.getString("other_school_code"), r.getString("other_grade"));

  private static final Function<Row, SchoolStates> SCHOOL_STATES_ROW = r -> new SchoolStates(r.getLong(0),
      r.getLong(1), r.getLong(2));

  Future<Boolean> acknowledge(SqlClient client, Round round, String area, String by, Instant at, JsonArray notCertified) {
    return client.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(round.academicYear(), round.term(), area, by,
        at.atOffset(ZoneOffset.UTC), notCertified)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<Acknowledgement>> acknowledgement(SqlClient client, Round round, String area) {
    return client.preparedQuery(ACKNOWLEDGEMENT).mapping(ACKNOWLEDGEMENT_ROW)
        .execute(Tuple.of(round.academicYear(), round.term(), area)).map(Rows::first);
  }

  /** Closes the round and freezes its roll; false when it was closed already. */
  Future<Boolean> close(SqlConnection conn, Round round, String by, Instant at, LocalDate countDate) {
    // The close commits only once the synchronous standby has applied it: a report read there at once sees it.
    return conn.query("SET LOCAL synchronous_commit = remote_apply").execute().compose(set -> conn.preparedQuery(CLOSE).execute(Tuple.of(round.academicYear(), round.term(), by, at.atOffset(ZoneOffset.UTC),
            countDate))
        .compose(closed -> closed.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery(SNAPSHOT).execute(Tuple.of(round.academicYear(), round.term()))
                // The snapshot is new: without fresh statistics the planner takes it for empty and the subsidy's
                // look-alike join runs as a nested loop over every student.
                .compose(v -> conn.query("ANALYZE round_snapshot").execute())
                .map(true)));
  }

  Future<Optional<Closure>> closure(SqlClient client, Round round) {
    return client.preparedQuery(CLOSURE).mapping(CLOSURE_ROW).execute(Tuple.of(round.academicYear(), round.term()))
        .map(Rows::first);
  }

  /** Schools in the registry, schools answering but not certified, schools certified. */
  record SchoolStates(long registry, long confirming, long certified) {}

  Future<SchoolStates> schoolStates(Round round) {
    return pool.preparedQuery(SCHOOL_STATES)
        .mapping(SCHOOL_STATES_ROW)
        .execute(Tuple.of(round.academicYear(), round.term()))
        .map(rows -> rows.iterator().next());
  }

  Future<List<PossibleDuplicate>> duplicates(List<String> schools) {
    return pool.preparedQuery(DUPLICATES).mapping(POSSIBLE_DUPLICATE)
        .execute(Tuple.tuple().addArrayOfString(schools.toArray(String[]::new))).map(Rows::list);
  }
}
