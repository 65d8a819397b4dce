package th.obec.dmc.student;

import io.vertx.sqlclient.RowSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import th.obec.dmc.db.SqlText;
import th.obec.dmc.sheet.SheetSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The SQL of the roll and of movements. Writes are set-based: one statement per upload, whatever its size. */
public final class StudentRepository {
  /** Spec columns in table order; the upsert below names them in the same order. */
  static final List<String> COLUMNS = List.of("citizen_id", "student_number", "prefix", "first_name", "last_name",
      "sex", "birth_date", "grade", "room", "nationality", "religion", "disadvantage", "disability", "weight_kg",
      "height_cm");

  /**
   * A roll upload writes as it reads, in its own transaction, with the kept counts deferred (V14): each batch's new
   * students are inserted at once (so the database works while the file is still being parsed), and the students
   * the school already has are staged here, a table of the upload's own session, to be updated in one statement
   * at the end, after the stage is analysed. Then the school is recounted: the one moment the upload holds the
   * lock its answers need. Plain statements were about 1.5x faster than one INSERT ... ON CONFLICT, whose
   * speculative insertion costs on every row. The upload's per-school lock keeps another upload of the school
   * from slipping in between.
   *
   * <p>No statement here can be planned into a quadratic walk as the school's rows grow in the transaction: the
   * insert is an anti-join that drives from the batch (a probe of the key, or one hash of the school's rows per
   * batch), and the update joins the analysed stage once. The check they replace (which of a batch's students the
   * school had, an ANY filter against rows just written) flipped so, and took 76-81 s for a roll of 5-9 s.
   */
  /** Made once per pooled session, asked in a block: IF NOT EXISTS would log a notice on every upload. */
  private static final String STAGE_TABLE = """
      DO $$ BEGIN
        IF to_regclass('pg_temp.student_stage') IS NULL THEN
          CREATE TEMP TABLE student_stage (c text, n text, p text, f text, l text, x text, b text, g text, r text,
            nat text, rel text, dis text, dsb text, w text, h text, d text);
        END IF;
      END $$""";
  private static final String STAGE_EMPTY = "TRUNCATE pg_temp.student_stage";
  private static final String STAGE_ROWS = """
      INSERT INTO pg_temp.student_stage
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                           $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                           $15::text[], $16::text[])""";
  /**
   * Statistics of the stage's key taken when it is full, just before it is applied. A temporary table is never analysed by
   * autovacuum; without this the apply's plan rested on guesses, and the check it replaces (the rows just
   * written in the same transaction, asked batch by batch) once flipped to a plan ten times slower.
   */
  private static final String STAGE_ANALYZE = "ANALYZE pg_temp.student_stage (c)";
  private static final String DEFER_COUNTS = "SELECT set_config('dmc.counts_deferred', 'on', true)";
  private static final String RECOUNT = "SELECT recount_school_counts($1)";

  /** The batch's arrays, $2 to $17, as the insert reads them. */
  private static final String ROWS = """
      unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
             $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
      AS u(c, n, p, f, l, x, b, g, r, nat, rel, dis, dsb, w, h, d)""";

  private static final String ROLL_ESTIMATE = "SELECT reltuples::float8 FROM pg_class WHERE oid = 'student'::regclass";
  /**
   * Only the columns the answers' and counts' plans filter and join on: sampling the details document too made the
   * ANALYZE of a roll of the portal's 36 columns take seconds inside the apply.
   */
  private static final String ANALYZE_ROLL = "ANALYZE student (school_code, citizen_id, status, grade, room)";

  /** The unnest's name for each optional column: a column the file lacks keeps the stored value instead. */
  private static final Map<String, String> OPTIONAL = Map.of("nationality", "u.nat", "religion", "u.rel",
      "disadvantage", "u.dis", "disability", "u.dsb", "weight_kg", "u.w::numeric", "height_cm", "u.h::numeric");

  private static final String UPDATE_CHANGED = """
      UPDATE student s SET
        student_number = COALESCE(u.n, s.student_number), prefix = u.p, first_name = u.f, last_name = u.l, sex = u.x, birth_date = u.b::date,
        grade = u.g, room = u.r, nationality = {nationality}, religion = {religion}, disadvantage = {disadvantage},
        disability = {disability}, weight_kg = {weight_kg}, height_cm = {height_cm}, status = 'active',
        details = jsonb_strip_nulls(s.details || u.d::jsonb), updated_at = $2
      FROM pg_temp.student_stage AS u
      WHERE s.school_code = $1 AND s.citizen_id = u.c
        AND (s.student_number, s.prefix, s.first_name, s.last_name, s.sex, s.birth_date, s.grade, s.room,
             s.nationality, s.religion, s.disadvantage, s.disability, s.weight_kg, s.height_cm, s.status, s.details)
            IS DISTINCT FROM
            (COALESCE(u.n, s.student_number), u.p, u.f, u.l, u.x, u.b::date, u.g, u.r, {nationality}, {religion},
             {disadvantage}, {disability}, {weight_kg}, {height_cm}, 'active', jsonb_strip_nulls(s.details || u.d::jsonb))""";

  private static final String INSERT_NEW = """
      INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex, birth_date,
                           grade, room, nationality, religion, disadvantage, disability, weight_kg, height_cm,
                           status, details, updated_at)
      SELECT $1, c, n, p, f, l, x, b::date, g, r, nat, rel, dis, dsb, w::numeric, h::numeric, 'active',
             jsonb_strip_nulls(u.d::jsonb), $18
      FROM
      """ + ROWS + """

      ON CONFLICT (school_code, citizen_id) DO NOTHING
      RETURNING citizen_id""";

  private static final String ACTIVE_ELSEWHERE = """
      SELECT citizen_id, school_code FROM student
      WHERE citizen_id = ANY($1) AND status = 'active' AND school_code <> $2""";

  private static final String ACTIVE_HERE = """
      SELECT citizen_id FROM student WHERE school_code = $1 AND citizen_id = ANY($2) AND status = 'active'""";

  private static final String INSERT_MOVEMENTS = """
      INSERT INTO movement (school_code, citizen_id, movement, movement_date, reason, other_school_code,
                            upload_id, recorded_at)
      SELECT $1, c, m, d::date, r, o, $7, $8
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(c, m, d, r, o)""";

  /** Moving out and removing take a student off the active roll; the record stays. */
  private static final String LEAVE_ROLL = """
      UPDATE student s SET status = CASE u.m WHEN 'move_out' THEN 'moved_out' ELSE 'removed' END, updated_at = $4
      FROM unnest($2::text[], $3::text[]) AS u(c, m)
      WHERE s.school_code = $1 AND s.citizen_id = u.c AND s.status = 'active' AND u.m IN ('move_out', 'removal')""";

  private static final String PAGE = """
      SELECT citizen_id, student_number, prefix, first_name, last_name, sex, birth_date, grade, room, nationality,
             religion, disadvantage, disability, weight_kg, height_cm, status, details::text AS details,
             count(*) OVER () AS total
      FROM student
      WHERE school_code = $1 AND ($2::text IS NULL OR grade = $2) AND ($3::text IS NULL OR room = $3)
        AND ($4::text = 'all' OR status = $4)
      ORDER BY grade, room, student_number, citizen_id
      LIMIT $5 OFFSET $6""";

  /**
   * A search of the school's active roll: the exact citizen ID or student number, or the start of a first or
   * last name. Each branch is an index range (the key, and the three indexes of V11), so a big school is not read.
   */
  static final String SEARCH = """
      SELECT citizen_id, student_number, prefix, first_name, last_name, sex, birth_date, grade, room, nationality,
             religion, disadvantage, disability, weight_kg, height_cm, status, details::text AS details,
             count(*) OVER () AS total
      FROM student
      WHERE school_code = $1 AND status = 'active'
        AND (citizen_id = $2 OR student_number = $2
             OR (first_name COLLATE "C" >= $2 AND first_name COLLATE "C" < $2 || chr(1114111))
             OR (last_name COLLATE "C" >= $2 AND last_name COLLATE "C" < $2 || chr(1114111)))
      ORDER BY grade, room, student_number, citizen_id
      LIMIT $3 OFFSET $4""";

  private static final String ACTIVE_ROLL = """
      SELECT citizen_id, student_number, prefix, first_name, last_name, sex, birth_date::text AS birth_date, grade, room,
             nationality, religion, disadvantage, disability, weight_kg::text AS weight_kg, height_cm::text AS height_cm,
             details::text AS details
      FROM student WHERE school_code = $1 AND status = 'active'
      ORDER BY grade, room, student_number, citizen_id""";

  private final Pool pool;
  /** The spec's fields kept in the student's details document: every stored key that is not a table column. */
  private final List<String> detailKeys;
  private final Map<String, Boolean> numeric = new HashMap<>();
  private final Map<Set<String>, String> updates = new ConcurrentHashMap<>();

  public StudentRepository(Pool pool, SheetSpec spec) {
    this.pool = pool;
    this.detailKeys = spec.storedKeys().stream().filter(k -> !COLUMNS.contains(k) && !k.equals("school_code")).toList();
    spec.columns().forEach(c -> numeric.put(c.key(), c.isNumeric()));
  }

  /** The details fields in their spec's order: the roll route and the school workbook list them so. */
  public List<String> detailKeys() {
    return detailKeys;
  }

  /** Citizen ID to the code of the other school where the student is active. */
  Future<Map<String, String>> activeElsewhere(String schoolCode, Set<String> ids) {
    return pool.preparedQuery(ACTIVE_ELSEWHERE)
        .execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new)).addString(schoolCode))
        .map(rows -> {
          Map<String, String> found = new HashMap<>();
          rows.forEach(r -> found.put(r.getString("citizen_id"), r.getString("school_code")));
          return found;
        });
  }

  Future<Set<String>> activeHere(String schoolCode, Set<String> ids) {
    return pool.preparedQuery(ACTIVE_HERE)
        .execute(Tuple.tuple().addString(schoolCode).addArrayOfString(ids.toArray(String[]::new)))
        .map(rows -> {
          Set<String> found = new HashSet<>();
          rows.forEach(r -> found.add(r.getString(0)));
          return found;
        });
  }

  /** An empty stage on the upload's connection (a temporary table: it goes with the session). */
  Future<Void> emptyStage(SqlConnection conn) {
    return conn.query(STAGE_TABLE).execute().compose(v -> conn.query(STAGE_EMPTY).execute()).mapEmpty();
  }

  /** In the upload's transaction, before its first row: the kept counts left to {@link #recount}. */
  Future<Void> deferCounts(SqlConnection tx) {
    return tx.query(DEFER_COUNTS).execute().mapEmpty();
  }

  /** At the end of the upload's transaction: the school's kept counts made again, under its counts lock. */
  Future<Void> recount(SqlConnection tx, String schoolCode) {
    return tx.preparedQuery(RECOUNT).execute(Tuple.of(schoolCode)).mapEmpty();
  }

  /** The batch's new students inserted; answers the IDs inserted (the others the school already has). */
  Future<Set<String>> insertNew(SqlConnection tx, String schoolCode, List<ValidRow> rows, Instant now) {
    Tuple args = Tuple.tuple().addString(schoolCode);
    columns(args, rows);
    args.addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
    return tx.preparedQuery(INSERT_NEW).execute(args).map(inserted -> {
      Set<String> ids = new HashSet<>();
      inserted.forEach(r -> ids.add(r.getString(0)));
      return ids;
    });
  }

  /** Students the school already has, kept for the update at the end. */
  Future<Void> stage(SqlConnection conn, List<ValidRow> rows) {
    return conn.preparedQuery(STAGE_ROWS).execute(columns(Tuple.tuple(), rows)).mapEmpty();
  }

  /** The 15 columns and the details document of {@code rows} as arrays, added to {@code args}. */
  private Tuple columns(Tuple args, List<ValidRow> rows) {
    for (String column : COLUMNS) args.addArrayOfString(ValidRow.column(rows, column));
    // Every row of a file has the same columns: which details it carries is asked once per batch, not per row
    // (asked per row, it was a sixth of the event loop's share of an upload, JFR).
    List<String> present = detailKeys.stream().filter(rows.get(0)::has).toList();
    String[] details = new String[rows.size()];
    for (int i = 0; i < details.length; i++) details[i] = details(rows.get(i), present);
    return args.addArrayOfString(details);
  }

  /**
   * The staged students updated where they changed, inside the upload's transaction. {@code sample}: any staged
   * row, for the file's set of columns. Answers how many changed.
   */
  Future<Integer> updateFromStage(SqlConnection tx, String schoolCode, ValidRow sample, Instant now) {
    Tuple args = Tuple.of(schoolCode, now.atOffset(ZoneOffset.UTC));
    return tx.query(STAGE_ANALYZE).execute()
        .compose(v -> tx.preparedQuery(updateFor(sample)).execute(args))
        .map(updated -> updated.rowCount());
  }

  /**
   * Refreshes the roll's statistics, in the apply's transaction, when it inserted more than a tenth of the rows
   * they counted: they then commit with the rows (ANALYZE counts its own transaction's rows). Left to autovacuum,
   * the statements of the next minute (an answer's room, the counts' triggers) were planned for the smaller
   * table, and an answer planned for 20 students with 120,000 there took 57 s. A grown table is rare past a
   * round's first uploads, so the cost (a sample of 30,000 rows) is rarely paid.
   */
  Future<Void> analyzeIfGrown(SqlConnection conn, int inserted) {
    return conn.preparedQuery(ROLL_ESTIMATE).execute().compose(rows -> {
      double estimate = rows.iterator().next().getDouble(0);
      return inserted > 0.1 * Math.max(estimate, 0) ? conn.query(ANALYZE_ROLL).execute().<Void>mapEmpty()
          : Future.<Void>succeededFuture();
    });
  }

  /** The update for a file's set of columns: one statement text per set, of which a school sends few. */
  private String updateFor(ValidRow sample) {
    Set<String> absent = new HashSet<>();
    OPTIONAL.keySet().forEach(k -> {
      if (!sample.has(k)) absent.add(k);
    });
    return updates.computeIfAbsent(absent, a -> {
      String sql = UPDATE_CHANGED;
      for (Map.Entry<String, String> e : OPTIONAL.entrySet()) {
        sql = sql.replace("{" + e.getKey() + "}", a.contains(e.getKey()) ? "s." + e.getKey() : e.getValue());
      }
      return sql;
    });
  }

  /**
   * The row's details as a typed JSON document: numbers as numbers. A field whose column the file has but
   * leaves blank is null, which clears it; a field whose column the file lacks is left out, which keeps it.
   */
  private String details(ValidRow row, List<String> present) {
    JsonObject d = new JsonObject();
    for (String key : present) {
      String v = row.get(key);
      if (v == null) d.putNull(key);
      else if (numeric.getOrDefault(key, false)) d.put(key, new BigDecimal(v));
      else d.put(key, v);
    }
    return d.encode();
  }

  Future<Changes> recordMovements(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows,
                                  Instant now) {
    String[] ids = ValidRow.column(rows, "citizen_id");
    String[] kinds = ValidRow.column(rows, "movement");
    Tuple insert = Tuple.tuple().addString(schoolCode).addArrayOfString(ids).addArrayOfString(kinds)
        .addArrayOfString(ValidRow.column(rows, "movement_date"))
        .addArrayOfString(ValidRow.column(rows, "reason"))
        .addArrayOfString(ValidRow.column(rows, "other_school_code"))
        .addUUID(uploadId).addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
    Tuple leave = Tuple.tuple().addString(schoolCode).addArrayOfString(ids).addArrayOfString(kinds)
        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
    return conn.preparedQuery(INSERT_MOVEMENTS).execute(insert)
        .compose(inserted -> conn.preparedQuery(LEAVE_ROLL).execute(leave)
            .map(left -> new Changes(inserted.rowCount(), left.rowCount(), 0)));
  }

  /** Every active student of a school with every stored field by spec key: a school has at most a few thousand. */
  Future<List<Map<String, Object>>> activeRoll(String schoolCode) {
    return pool.preparedQuery(ACTIVE_ROLL).execute(Tuple.of(schoolCode)).map(rows -> {
      List<Map<String, Object>> roll = new ArrayList<>(rows.size());
      for (Row r : rows) {
        Map<String, Object> student = new HashMap<>();
        for (String column : COLUMNS) student.put(column, r.getString(column));
        new JsonObject(r.getString("details")).forEach(e -> student.put(e.getKey(), e.getValue()));
        roll.add(student);
      }
      return roll;
    });
  }

  /** A page of a school's roll, each student with the spec's fields in camelCase. */
  Future<JsonObject> page(String schoolCode, String grade, String room, String status, int page, int size,
                          boolean details) {
    return pool.preparedQuery(PAGE)
        .execute(Tuple.of(schoolCode, grade, room, status, size, (page - 1) * size))
        .map(rows -> pageOf(rows, page, size, details));
  }

  /** Students of the active roll whose ID or number is {@code query}, or whose first or last name begins with it. */
  Future<JsonObject> search(String schoolCode, String query, int page, int size, boolean details) {
    return pool.preparedQuery(SEARCH).execute(Tuple.of(schoolCode, query, size, (page - 1) * size))
        .map(rows -> pageOf(rows, page, size, details));
  }

  /** {@code details}: with the fields beyond the roll (families, addresses), which only an asked-for read returns. */
  private JsonObject pageOf(RowSet<Row> rows, int page, int size, boolean withDetails) {
    JsonArray items = new JsonArray();
    long total = 0;
    for (Row r : rows) {
      total = r.getLong("total");
      JsonObject item = new JsonObject();
      for (String column : COLUMNS) item.put(SheetSpec.camel(column), SqlText.of(r.getValue(column)));
      if (withDetails) {
        JsonObject details = new JsonObject(r.getString("details"));
        for (String key : detailKeys) item.put(SheetSpec.camel(key), details.getValue(key));
      }
      item.put("status", r.getString("status"));
      items.add(item);
    }
    return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
  }
}
