package th.obec.dmc.student;

import io.vertx.core.Future;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.upload.ValidRow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * School codes as files write them: the registry's 10 digits, SMIS's 8 (read as 10 already) or OBEC's 6,
 * resolved through the registry to the 10-digit code.
 */
final class SchoolCodes {
  private final RegistryService registry;

  SchoolCodes(RegistryService registry) {
    this.registry = registry;
  }

  /** Every row's code in {@code column} must name the school the upload is for; one naming another is refused. */
  Future<Void> requireSchool(String schoolCode, List<ValidRow> rows, String column, CellErrors errors) {
    Set<String> written = written(rows, column);
    written.remove(schoolCode);
    if (written.isEmpty()) return Future.succeededFuture();
    written.add(schoolCode);
    return registry.namedBy(written).map(named -> {
      School own = named.get(schoolCode);
      for (ValidRow row : rows) {
        String code = row.get(column);
        if (code == null || code.equals(schoolCode) || own != null && own.isNamedBy(code)) continue;
        School other = named.get(code);
        String whose = other == null ? "no school in the registry" : other.nameTh() + " (" + other.code() + ")";
        String whoseTh = other == null ? "ไม่พบโรงเรียนนี้ในทะเบียน" : "เป็นรหัสของ" + other.nameTh() + " (" + other.code() + ")";
        errors.add(row.error(column, "SCHOOL_MISMATCH",
            "names school code " + code + ", which is " + whose + ", not the school this file is uploaded for ("
                + schoolCode + "). Upload each school's file to its own school.",
            "ระบุรหัสโรงเรียน " + code + " ซึ่ง" + whoseTh + " ไม่ใช่โรงเรียนที่ส่งไฟล์นี้ (" + schoolCode
                + ") กรุณาส่งไฟล์ของแต่ละโรงเรียนในนามโรงเรียนนั้น"));
      }
      return null;
    });
  }

  /** Rewrites OBEC 6-digit codes in {@code column} to the registry's 10-digit code; unknown ones stay as written. */
  Future<Void> resolve(List<ValidRow> rows, String column) {
    Set<String> six = new HashSet<>();
    for (ValidRow row : rows) {
      String code = row.get(column);
      if (code != null && code.length() == 6) six.add(code);
    }
    if (six.isEmpty()) return Future.succeededFuture();
    return registry.namedBy(six).map(named -> {
      int index = rows.get(0).spec().indexOf(column);
      for (ValidRow row : rows) {
        School school = named.get(row.get(column));
        if (school != null) row.values()[index] = school.code();
      }
      return null;
    });
  }

  private static Set<String> written(List<ValidRow> rows, String column) {
    Set<String> codes = new HashSet<>();
    for (ValidRow row : rows) {
      String code = row.get(column);
      if (code != null) codes.add(code);
    }
    return codes;
  }

}
