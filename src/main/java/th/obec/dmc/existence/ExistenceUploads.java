package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.upload.Disclosure;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The existence workbook sent back marked: one answer per student, through the same pipeline as the other
 * workbooks (all or nothing, idempotent, errors by Excel row). The pipeline's guard has already locked the
 * school and refused a certified school or a closed round.
 */
public final class ExistenceUploads implements UploadKind {
  private final SheetSpec spec;
  private final ExistenceRepository repository;
  private final Round round;

  public ExistenceUploads(SheetSpec spec, ExistenceRepository repository, Round round) {
    this.spec = spec;
    this.repository = repository;
    this.round = round;
  }

  @Override public String name() { return "existence"; }
  @Override public SheetSpec spec() { return spec; }
  @Override public Action action() { return Action.CONFIRM_EXISTENCE; }

  @Override
  public RowKey rowKey() {
    return RowKey.CITIZEN_ID;
  }

  @Override
  public void checkRow(ValidRow row, CellErrors errors, Instant now) {
    if ("false".equals(row.get("present")) && row.get("reason") == null) {
      errors.add(row.error("reason", "REASON_REQUIRED", "a student who is not present needs a reason.",
          "นักเรียนที่ไม่มีตัวตนต้องระบุเหตุผล"));
    }
  }

  @Override
  public Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed) {
    if (rows.isEmpty()) return Future.succeededFuture();
    return repository.notOnRoll(repository.pool(), schoolCode, ValidRow.column(rows, "citizen_id")).map(unknown -> {
      Set<String> missing = new HashSet<>(unknown);
      for (ValidRow row : rows) {
        if (missing.contains(row.get("citizen_id"))) {
          errors.add(row.error("citizen_id", "NOT_ON_ROLL", "the student is not on this school's active roll.",
              "ไม่พบนักเรียนคนนี้ในทะเบียนของโรงเรียน"));
        }
      }
      return null;
    });
  }

  @Override
  public Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                                Instant now) {
    Boolean[] present = new Boolean[rows.size()];
    String[] reasons = new String[rows.size()];
    for (int i = 0; i < present.length; i++) {
      present[i] = Boolean.valueOf(rows.get(i).get("present"));
      reasons[i] = present[i] ? null : rows.get(i).get("reason");
    }
    return repository.answer(conn, round, schoolCode, ValidRow.column(rows, "citizen_id"), present, reasons, actor, now)
        .map(counts -> new Changes(counts.inserted(), counts.updated(), rows.size() - counts.inserted() - counts.updated()));
  }
}
