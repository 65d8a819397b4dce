package th.obec.dmc.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.RawRow;
import th.obec.dmc.sheet.RowValidator;
import th.obec.dmc.sheet.SheetSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the rows of a registry workbook into areas and schools, with the rules across rows:
 * a school listed twice, or an area given two names or kinds. Nothing is written until every row is good.
 */
final class SchoolImport {
  static final int MAX_ERRORS_LISTED = 1000;

  private final SheetSpec spec;
  private final RowValidator validator;
  private final CellErrors errors = new CellErrors();
  private final Map<String, Area> areas = new LinkedHashMap<>();
  private final Map<String, Integer> areaRows = new HashMap<>();
  private final Map<String, School> schools = new LinkedHashMap<>();
  private final Map<String, Integer> schoolRows = new HashMap<>();
  private int rowsRead;

  SchoolImport(SheetSpec spec) {
    this.spec = spec;
    this.validator = new RowValidator(spec);
  }

  void accept(RawRow row) {
    rowsRead++;
    int before = errors.size();
    String[] v = validator.validate(row, errors);
    if (errors.size() > before) return;
    Area area = new Area(v[spec.indexOf("area_code")], v[spec.indexOf("area_name")], v[spec.indexOf("area_kind")],
        v[spec.indexOf("province")]);
    Area known = areas.putIfAbsent(area.code(), area);
    if (known != null && (!known.nameTh().equals(area.nameTh()) || !known.kind().equals(area.kind()))) {
      int first = areaRows.get(area.code());
      errors.add(CellError.of(row, spec.column("area_name").orElseThrow(), area.nameTh(), "AREA_CONFLICT",
          "area " + area.code() + " has a different name or kind than on row " + first + ".",
          "สพท. รหัส " + area.code() + " มีชื่อหรือประเภทไม่ตรงกับแถวที่ " + first));
    }
    areaRows.putIfAbsent(area.code(), row.rowNumber());
    School school = new School(v[spec.indexOf("school_code")], v[spec.indexOf("school_name")], area.code(),
        area.province(), v[spec.indexOf("obec_code")]);
    Integer firstRow = schoolRows.putIfAbsent(school.code(), row.rowNumber());
    if (firstRow != null) {
      errors.add(CellError.of(row, spec.column("school_code").orElseThrow(), school.code(), "DUPLICATE_SCHOOL",
          "school " + school.code() + " is already listed on row " + firstRow + ".",
          "รหัสโรงเรียน " + school.code() + " ซ้ำกับแถวที่ " + firstRow));
      return;
    }
    schools.put(school.code(), school);
  }

  /** The collected rows, or the problem that lists every bad cell (up to a limit). */
  Result result() {
    if (!errors.isEmpty()) {
      JsonArray listed = new JsonArray();
      errors.detailed().stream().limit(MAX_ERRORS_LISTED).forEach(e -> listed.add(e.toJson()));
      throw Problem.unprocessable("INVALID_ROWS",
          errors.size() + " problem(s) in the file; nothing was saved. Fix the rows listed and upload again.",
          "พบข้อผิดพลาด " + errors.size() + " รายการ ระบบยังไม่บันทึกข้อมูลใด ๆ กรุณาแก้ไขแถวที่ระบุแล้วส่งใหม่",
          new JsonObject().put("errorCount", errors.size()).put("rowsRead", rowsRead).put("errors", listed));
    }
    if (schools.isEmpty()) {
      throw Problem.unprocessable("NO_ROWS", "The file has a header but no school rows.",
          "ไฟล์มีแต่หัวตาราง ไม่มีรายชื่อโรงเรียน", null);
    }
    return new Result(List.copyOf(areas.values()), List.copyOf(schools.values()));
  }

  record Result(List<Area> areas, List<School> schools) {}
}
