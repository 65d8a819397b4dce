package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import th.obec.dmc.db.Columns;
import th.obec.dmc.db.Rows;
import th.obec.dmc.sheet.FlaggedRow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of uploads and their rejected rows. */
public final class UploadRepository {
  private static final String INSERT = """
      INSERT INTO upload (id, school_code, kind, academic_year, term, file_name, sha256, dry_run, status,
                          uploaded_by, created_at, runner)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, current_setting('application_name'))""";

  /** Uploads left queued or running by a process that is gone: no session of it is connected any more. */
  private static final String FAIL_INTERRUPTED = """
      UPDATE upload SET status = 'failed', finished_at = now(), result = $1
      WHERE status IN ('queued', 'running')
        AND (runner IS NULL OR runner NOT IN (SELECT application_name FROM pg_stat_activity))
      RETURNING id""";

  private static final String FINISH = """
      UPDATE upload SET status = $2, result = $3, finished_at = $4 WHERE id = $1""";

  private static final String RUNNING = "UPDATE upload SET status = 'running' WHERE id = $1 AND status = 'queued'";

  private static final String COMMITTED_SAME_FILE = """
      SELECT id, result FROM upload
      WHERE school_code = $1 AND kind = $2 AND academic_year = $3 AND term = $4 AND sha256 = $5
        AND NOT dry_run AND status = 'committed'""";

  private static final String FIND = """
      SELECT id, school_code, kind, academic_year, term, file_name, sha256, dry_run, status, result, uploaded_by
      FROM upload WHERE id = $1""";

  /** One writer per school at a time: uploads of the same school commit one after another. */
  /** A session's lock, held while a file is read and staged and until its transaction ends: one upload a school. */
  private static final String LOCK_UPLOADS = "SELECT pg_advisory_lock(hashtext('upload:' || $1))";
  private static final String UNLOCK_UPLOADS = "SELECT pg_advisory_unlock(hashtext('upload:' || $1))";

  private static final String INSERT_REJECTED = """
      INSERT INTO upload_rejected_row (upload_id, row_number, cells, errors, warnings, sheet, sheet_row)
      SELECT $1, r, c::jsonb, e::jsonb, w::jsonb, s, sr
      FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) AS t(r, c, e, w, s, sr)""";

  private static final String REJECTED = """
      SELECT row_number, cells, errors, warnings, sheet, sheet_row
      FROM upload_rejected_row WHERE upload_id = $1 ORDER BY row_number"""; 

  /** A stored upload with its answer, as far as it got. */
  record Stored(UploadRecord record, JsonObject result) {}

  private final Pool pool;

  public UploadRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Void> insert(UploadRecord r, Instant now) {
    return pool.preparedQuery(INSERT).execute(Tuple.from(List.of(r.id(), r.schoolCode(), r.kind(), r.academicYear(),
        r.term(), r.fileName() == null ? "" : r.fileName(), r.sha256(), r.dryRun(), r.status(), r.uploadedBy(),
        at(now)))).mapEmpty();
  }

  Future<Void> finish(SqlClient client, UUID id, String status, JsonObject result, Instant now) {
    return client.preparedQuery(FINISH).execute(Tuple.of(id, status, result, at(now))).mapEmpty();
  }

  Future<Void> finish(UUID id, String status, JsonObject result, Instant now) {
    return finish(pool, id, status, result, now);
  }

  /** Marks uploads a crash interrupted as failed; returns how many. */
  public Future<Integer> failInterrupted(JsonObject result) {
    return pool.preparedQuery(FAIL_INTERRUPTED).execute(Tuple.of(result)).map(rows -> rows.size());
  }

  Future<Void> running(UUID id) {
    return pool.preparedQuery(RUNNING).execute(Tuple.of(id)).mapEmpty();
  }

  Future<Optional<Stored>> committedSameFile(SqlClient client, UploadRecord r) {
    return client.preparedQuery(COMMITTED_SAME_FILE)
        .execute(Tuple.of(r.schoolCode(), r.kind(), r.academicYear(), r.term(), r.sha256()))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row row = rows.iterator().next();
          UploadRecord first = new UploadRecord(row.getUUID("id"), r.schoolCode(), r.kind(), r.academicYear(),
              r.term(), null, r.sha256(), false, "committed", null);
          return Optional.of(new Stored(first, (JsonObject) row.getValue("result")));
        });
  }

  Future<Void> lockUploads(SqlConnection conn, String schoolCode) {
    return conn.preparedQuery(LOCK_UPLOADS).execute(Tuple.of(schoolCode)).mapEmpty();
  }

  Future<Void> unlockUploads(SqlConnection conn, String schoolCode) {
    return conn.preparedQuery(UNLOCK_UPLOADS).execute(Tuple.of(schoolCode)).mapEmpty();
  }

  Future<Optional<Stored>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      UploadRecord record = new UploadRecord(r.getUUID("id"), r.getString("school_code"), r.getString("kind"),
          r.getInteger("academic_year"), r.getInteger("term"), r.getString("file_name"), r.getString("sha256"),
          r.getBoolean("dry_run"), r.getString("status"), r.getString("uploaded_by"));
      Object result = r.getValue("result");
      return Optional.of(new Stored(record, result instanceof JsonObject j ? j : null));
    });
  }

  /** The rows flagged with errors or warnings: [{row, cells, errors, warnings}], for the errors workbook. */
  /** The flagged rows, numbered in their order (several sheets repeat row numbers; each row keeps its own). */
  Future<Void> insertFlagged(SqlClient client, UUID id, List<FlaggedRow> rows) {
    if (rows.isEmpty()) return Future.succeededFuture();
    Integer[] numbers = new Integer[rows.size()];
    Integer[] sheetRows = new Integer[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      numbers[i] = i + 1;
      sheetRows[i] = rows.get(i).row();
    }
    String[][] text = Columns.of(rows, r -> r.cells().encode(), r -> r.errors().encode(),
        r -> (r.warnings() == null ? new JsonObject() : r.warnings()).encode(), FlaggedRow::sheet);
    return client.preparedQuery(INSERT_REJECTED)
        .execute(Tuple.tuple().addUUID(id).addArrayOfInteger(numbers).addArrayOfString(text[0]).addArrayOfString(text[1])
            .addArrayOfString(text[2]).addArrayOfString(text[3]).addArrayOfInteger(sheetRows))
        .mapEmpty();
  }

  /** The rejected rows, in order; a row stored before V15 has no sheet row, and its number is its Excel row. */
  Future<List<FlaggedRow>> rejected(UUID id) {
    return pool.preparedQuery(REJECTED).mapping(REJECTED_ROW).execute(Tuple.of(id)).map(Rows::list);
  }

  private static final java.util.function.Function<Row, FlaggedRow> REJECTED_ROW = r -> new FlaggedRow(
      r.getInteger("sheet_row") != null ? r.getInteger("sheet_row") : r.getInteger("row_number"), r.getString("sheet"),
      (JsonObject) r.getValue("cells"), (JsonObject) r.getValue("errors"), (JsonObject) r.getValue("warnings"));

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
