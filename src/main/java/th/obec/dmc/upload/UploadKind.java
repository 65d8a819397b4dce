package th.obec.dmc.upload;

import java.util.function.Function;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One kind of workbook a school uploads. The pipeline reads and checks the file against {@link #spec()},
 * then asks the kind for its own rules and, if every row is good, to write the rows.
 */
public interface UploadKind {
  String name();

  SheetSpec spec();

  /** The calendar action that must be open to commit (a dry run is allowed at any time). */
  Action action();

  /**
   * Whether the school's area staff may upload this kind for the school, besides its own staff. A school's own
   * records (its roll, its answers) are its own to send: only where the spec says otherwise (buildings).
   */
  default boolean areaStaffMayUpload() {
    return false;
  }

  /** The value that must not repeat within one file, and the column to flag; null when any repeat is fine. */
  record RowKey(Function<ValidRow, String> key, String column) {
    /** One row a student: the roll, its movements' and the existence workbook's. */
    public static final RowKey CITIZEN_ID = new RowKey(r -> r.get("citizen_id"), "citizen_id");
  }

  /** Checked as the file is read, over every row: a repeat is DUPLICATE_IN_FILE on the later row. */
  RowKey rowKey();

  /** Rules within one row beyond the spec. Runs on a worker, without the database. */
  void checkRow(ValidRow row, CellErrors errors, Instant now);

  /**
   * Rules against the database, set-based, for one batch of the file's rows (the file streams in batches
   * while it is read). Runs on the event loop; must not block.
   */
  Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed);

  /** Writes one batch of rows inside the upload's transaction; called batch after batch for one file. */
  Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                         Instant now);

  /**
   * Where a file's checked rows wait while the rest of it is read, outside any transaction and holding no lock
   * an answer needs; once the whole file is known good they are applied in one short transaction. By default
   * they wait in memory (movements, buildings and existence files are a school's size at most); the roll, which
   * may be 200,000 rows, overrides this with a table of its own.
   */
  default UploadStage stage(SqlConnection conn, String schoolCode, UUID uploadId, String actor, Instant now) {
    return new HeldRows(this, schoolCode, uploadId, actor, now);
  }
}
