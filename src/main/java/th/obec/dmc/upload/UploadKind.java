package th.obec.dmc.upload;

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

  /** Whether the school's area staff may upload this kind for the school, besides its own staff. */
  boolean areaStaffMayUpload();

  /** Rules within one row beyond the spec. Runs on a worker, without the database. */
  void checkRow(ValidRow row, CellErrors errors, Instant now);

  /** Rules across rows and against the database, set-based. Runs on the event loop; must not block. */
  Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed);

  /** Writes the rows inside the upload's transaction. */
  Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                         Instant now);
}
