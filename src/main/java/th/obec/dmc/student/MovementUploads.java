package th.obec.dmc.student;

import th.obec.dmc.registry.RegistryService;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.upload.Disclosure;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The movements workbook: moves out and removals take students off the roll; moves in and entries from
 * other affiliations are recorded, and the student's row then comes with the students workbook.
 */
public final class MovementUploads implements UploadKind {
  private final SheetSpec spec;
  private final StudentRepository students;
  private final ZoneId zone;

  private final SchoolCodes schoolCodes;

  private final RegistryService registry;

  public MovementUploads(SheetSpec spec, StudentRepository students, ZoneId zone, SchoolCodes schoolCodes,
                         RegistryService registry) {
    this.registry = registry;
    this.schoolCodes = schoolCodes;
    this.spec = spec;
    this.students = students;
    this.zone = zone;
  }

  @Override public String name() { return "movements"; }
  @Override public SheetSpec spec() { return spec; }
  @Override public Action action() { return Action.UPDATE_STUDENTS; }

  @Override
  public RowKey rowKey() {
    return new RowKey(r -> r.get("citizen_id") + "/" + r.get("movement"), "citizen_id");
  }

  @Override
  public void checkRow(ValidRow row, CellErrors errors, Instant now) {
    if ("removal".equals(row.get("movement")) && row.get("reason") == null) {
      errors.add(row.error("reason", "REASON_REQUIRED", "a removal needs a reason.",
          "การจำหน่ายต้องระบุเหตุผล"));
    }
    if (LocalDate.parse(row.get("movement_date")).isAfter(now.atZone(zone).toLocalDate())) {
      errors.add(row.error("movement_date", "DATE_IN_FUTURE", "the date is in the future.",
          "วันที่ต้องไม่เป็นวันในอนาคต"));
    }
  }

  @Override
  public Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed) {
    Set<String> ids = StudentUploads.ids(rows);
    if (ids.isEmpty()) return Future.succeededFuture();
    return schoolCodes.resolve(rows, "other_school_code")
        .compose(v -> students.activeHere(schoolCode, ids))
        .compose(here -> students.activeElsewhere(schoolCode, ids).compose(elsewhere ->
            registry.schools(Set.copyOf(elsewhere.values())).map(schools -> {
          for (ValidRow row : rows) {
            String id = row.get("citizen_id");
            boolean leaving = "move_out".equals(row.get("movement")) || "removal".equals(row.get("movement"));
            if (leaving && !here.contains(id)) {
              errors.add(row.error("citizen_id", "NOT_ON_ROLL",
                  "the student is not on this school's active roll, so cannot move out or be removed.",
                  "ไม่พบนักเรียนคนนี้ในทะเบียนของโรงเรียน จึงย้ายออกหรือจำหน่ายไม่ได้"));
            } else if (!leaving && here.contains(id)) {
              errors.add(row.error("citizen_id", "ALREADY_ON_ROLL", "the student is already on this school's roll.",
                  "นักเรียนคนนี้มีชื่ออยู่ในทะเบียนของโรงเรียนแล้ว"));
            } else if (!leaving && elsewhere.containsKey(id)) {
              // Said, since the officer needs it to arrange the move, and so audited and counted like a roll upload's.
              var other = schools.get(elsewhere.get(id));
              disclosed.add(new Disclosure(id, elsewhere.get(id), other == null ? "" : other.areaCode()));
              errors.add(row.error("citizen_id", "ACTIVE_IN_OTHER_SCHOOL",
                  "the student is still on the roll of school " + elsewhere.get(id) + "; it must record the move out first.",
                  "นักเรียนคนนี้ยังมีชื่ออยู่ที่โรงเรียนรหัส " + elsewhere.get(id) + " โรงเรียนนั้นต้องบันทึกย้ายออกก่อน"));
            }
          }
          return null;
        })));
  }

  @Override
  public Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                                Instant now) {
    return students.recordMovements(conn, schoolCode, uploadId, rows, now);
  }
}
