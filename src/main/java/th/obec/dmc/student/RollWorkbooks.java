package th.obec.dmc.student;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import io.vertx.core.Future;
import th.obec.dmc.audit.DetailsReads;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.TemplateWriter;
import th.obec.dmc.sheet.WorkbookFile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A school's active roll as a workbook to take away: in the DMC portal's own export layout, so tools that read
 * DMC exports read ours and the file uploads back unchanged, or in the gateway's own template.
 */
final class RollWorkbooks {
  private final StudentRepository students;
  private final RegistryService registry;
  private final Workers workers;
  private final BusinessClock clock;
  private final ZoneId zone;
  private final SheetSpec spec;
  private final DmcLayout layout = DmcLayout.load();
  private final DetailsReads detailsReads;

  RollWorkbooks(StudentRepository students, RegistryService registry, Workers workers, BusinessClock clock, ZoneId zone,
                SheetSpec spec, DetailsReads detailsReads) {
    this.detailsReads = detailsReads;
    this.students = students;
    this.registry = registry;
    this.workers = workers;
    this.clock = clock;
    this.zone = zone;
    this.spec = spec;
  }

  /**
   * The layout asked for by {@code ?layout=}: the template by default. Without {@code details} the columns beyond
   * the roll (families, addresses) are left out, not written blank: a file without a column changes nothing of it
   * when it is uploaded back.
   */
  Future<? extends Sendable> roll(Principal reader, String schoolCode, String layoutName, boolean details) {
    String name = layoutName == null ? "template" : layoutName;
    if (!name.equals("dmc") && !name.equals("template")) {
      return Future.failedFuture(Problem.badRequest("UNKNOWN_LAYOUT", "layout must be dmc or template.",
          "layout ต้องเป็น dmc หรือ template"));
    }
    return workers.admitted(reader.username(), () -> Future.all(registry.schools(List.of(schoolCode)),
            students.activeRoll(schoolCode))
        .compose(all -> written(reader, name, all.<Map<String, School>>resultAt(0).get(schoolCode), schoolCode,
            all.resultAt(1), details)));
  }

  private Future<Sendable> written(Principal reader, String layout, School school, String code,
                                   List<Map<String, Object>> roll, boolean details) {
    List<String> ids = roll.stream().map(s -> (String) s.get("citizen_id")).toList();
    Future<Void> read = details ? detailsRead(reader, code, ids, "students.xlsx " + layout) : Future.succeededFuture();
    return read.compose(v -> workers.continuing(() -> layout.equals("dmc")
        ? Sendable.of(dmc(school, code, roll, details))
        : Sendable.of(template(code, roll, details))));
  }

  /** A read that returned these students' details: audited, and counted for area and OBEC readers. */
  Future<Void> detailsRead(Principal reader, String schoolCode, List<String> citizenIds, String what) {
    return registry.areaOf(schoolCode).compose(area -> detailsReads.record(reader, schoolCode, area.orElse(null),
        citizenIds, what, clock.now()));
  }

  private boolean shown(String key, boolean details) {
    return details || key == null || !students.detailKeys().contains(key);
  }

  /** A workbook file that can answer a request: the two writers give two kinds. */
  interface Sendable {
    void send(RoutingContext ctx);

    static Sendable of(ReportFile file) {
      return file::send;
    }

    static Sendable of(WorkbookFile file) {
      return file::send;
    }
  }

  private ReportFile dmc(School school, String code, List<Map<String, Object>> roll, boolean details)
      throws IOException {
    List<ColumnSpec> columns = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    List<DmcLayout.Header> shown = layout.headers().stream().filter(h -> shown(h.key(), details)).toList();
    for (DmcLayout.Header h : shown) {
      headers.add(h.header());
      // The portal writes grades by their short code (ป.1), not their long label.
      columns.add(h.key() == null || h.key().equals("grade") ? ColumnSpec.text(String.valueOf(h.key()), h.header(), h.header())
          : spec.column(h.key()).orElseGet(() -> ColumnSpec.text(h.key(), h.header(), h.header())));
    }
    ReportWriter w = new ReportWriter();
    w.sheet(layout.sheetName(), layout.titleTh() + " " + ThaiDates.thai(clock.now(), zone), columns, headers);
    for (Map<String, Object> student : roll) {
      List<Object> cells = new ArrayList<>(columns.size());
      for (DmcLayout.Header h : shown) {
        Object v = h.key() == null ? null : switch (h.key()) {
          case "school_code" -> code.length() == 10 && code.startsWith("10") ? code.substring(2) : code;
          case "school_name" -> school == null ? null : school.nameTh();
          default -> value(student, h.key());
        };
        cells.add(v == null ? layout.none() : v);
      }
      w.row(cells);
    }
    return ReportFile.of(w, "students-dmc-" + code + ".xlsx", "รายชื่อนักเรียน-" + code + ".xlsx");
  }

  private WorkbookFile template(String code, List<Map<String, Object>> roll, boolean details) {
    SheetSpec template = spec.forTemplate().withColumns(c -> shown(c.key(), details));
    List<String[]> rows = new ArrayList<>(roll.size());
    for (Map<String, Object> student : roll) {
      String[] row = new String[template.columns().size()];
      for (int i = 0; i < row.length; i++) {
        Object v = value(student, template.columns().get(i).key());
        row[i] = v == null ? null : v instanceof BigDecimal n ? n.toPlainString() : v.toString();
      }
      rows.add(row);
    }
    return TemplateWriter.filled(template, rows, "students-" + code + ".xlsx", "ข้อมูลนักเรียน-" + code + ".xlsx");
  }

  /** A stored value as a school writes it: dates dd/mm/BE, numbers as numbers, an "other" code as its text. */
  private Object value(Map<String, Object> student, String key) {
    Object v = student.get(key);
    if (v == null) return null;
    Optional<ColumnSpec> column = spec.column(key);
    if (column.isEmpty()) return v;
    ColumnSpec c = column.get();
    if (c.otherCode().isPresent() && c.otherCode().get().equals(v) && student.get(c.otherKey()) != null) {
      return student.get(c.otherKey());
    }
    if (c.type().equals("date")) return ThaiDates.slashed(LocalDate.parse(v.toString()));
    if (c.isNumeric()) return new BigDecimal(v.toString()).stripTrailingZeros();
    return v;
  }
}
