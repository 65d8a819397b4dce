package th.obec.dmc.student;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.upload.UploadStage;
import th.obec.dmc.upload.Disclosure;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The students workbook: the school's roll, upserted by (school, citizen ID). */
public final class StudentUploads implements UploadKind {
  private final SheetSpec spec;
  private final StudentRepository students;
  private final RegistryService registry;
  private final int academicYear;
  private final ZoneId zone;
  private final SchoolCodes schoolCodes;

  public StudentUploads(SheetSpec spec, StudentRepository students, RegistryService registry, int academicYear,
                        ZoneId zone) {
    this.spec = spec;
    this.students = students;
    this.registry = registry;
    this.academicYear = academicYear;
    this.zone = zone;
    this.schoolCodes = new SchoolCodes(registry);
  }

  @Override public String name() { return "students"; }
  @Override public SheetSpec spec() { return spec; }
  @Override public Action action() { return Action.UPDATE_STUDENTS; }

  @Override
  public RowKey rowKey() {
    return RowKey.CITIZEN_ID;
  }

  @Override
  public void checkRow(ValidRow row, CellErrors errors, Instant now) {
    if (!StudentRules.prefixFitsSex(row.get("prefix"), row.get("sex"))) {
      errors.add(row.error("prefix", "PREFIX_SEX_MISMATCH",
          "the prefix does not match the sex (" + spec.column("sex").orElseThrow().label(row.get("sex")) + ").",
          "คำนำหน้าชื่อไม่ตรงกับเพศ (" + spec.column("sex").orElseThrow().label(row.get("sex")) + ")"));
    }
    LocalDate birth = LocalDate.parse(row.get("birth_date"));
    if (!birth.isBefore(now.atZone(zone).toLocalDate())) {
      errors.add(row.error("birth_date", "BIRTH_DATE_IN_FUTURE", "the birth date is not in the past.",
          "วันเกิดต้องเป็นวันที่ผ่านมาแล้ว"));
    } else if (!StudentRules.ageFitsGrade(birth, row.get("grade"), academicYear)) {
      int usual = StudentRules.usualAge(row.get("grade"));
      errors.add(row.error("birth_date", "AGE_IMPLAUSIBLE_FOR_GRADE",
          "the age is far from the usual " + usual + " years for " + row.get("grade") + "; check the birth date and the grade.",
          "อายุไม่สอดคล้องกับชั้น " + row.get("grade") + " (อายุปกติ " + usual + " ปี) กรุณาตรวจสอบวันเกิดและชั้น"));
    }
  }

  @Override
  public Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed) {
    Set<String> ids = ids(rows);
    if (ids.isEmpty()) return Future.succeededFuture();
    return schoolCodes.requireSchool(schoolCode, rows, "school_code", errors)
        .compose(v -> students.activeElsewhere(schoolCode, ids))
        .compose(elsewhere -> registry.schools(Set.copyOf(elsewhere.values())).map(schools -> {
          for (ValidRow row : rows) {
            String other = elsewhere.get(row.get("citizen_id"));
            if (other == null) continue;
            School school = schools.get(other);
            String name = school == null ? other : school.nameTh() + " (" + other + ")";
            String area = school == null ? "" : school.areaCode();
            disclosed.add(new Disclosure(row.get("citizen_id"), other, area));
            errors.add(row.error("citizen_id", "ACTIVE_IN_OTHER_SCHOOL",
                "the student is on the roll of " + name + ", area " + area
                    + "; that school must record the move out first.",
                "นักเรียนคนนี้ยังมีชื่ออยู่ที่" + name + " สพท. " + area + " โรงเรียนนั้นต้องบันทึกย้ายออกก่อน"));
          }
          return null;
        }));
  }

  @Override
  public UploadStage stage(SqlConnection conn, String schoolCode, UUID uploadId, String actor, Instant now) {
    return new StudentStage(students, conn, schoolCode, now);
  }

  /** One batch alone, through a stage of its own: the same statements as a whole file's. */
  @Override
  public Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                                Instant now) {
    UploadStage staged = stage(conn, schoolCode, uploadId, actor, now);
    return staged.add(rows).compose(v -> staged.apply(conn)).eventually(staged::discard);
  }

  static Set<String> ids(List<ValidRow> rows) {
    return rows.stream().map(r -> r.get("citizen_id")).collect(Collectors.toSet());
  }
}
