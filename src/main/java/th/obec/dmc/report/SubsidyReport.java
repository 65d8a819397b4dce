package th.obec.dmc.report;

import java.time.LocalDate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.existence.Round;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-head subsidy of a closed round, as OBEC pays it: the students present in the frozen snapshot
 * (as of 10 November for term 2, 10 June for term 1) times this term's part of each item of the fiscal
 * year's rates, per level or per grade, the basic-needs allowance on poor students only. Students who
 * look like a student present in another school are held in a line of their own, not paid twice.
 */
public final class SubsidyReport {
  private final ReportRepository repository;
  private final RegistryService registry;
  private final SubsidyRates rates;
  private final Round round;

  static final String EXAMPLE_TH = "อัตราตัวอย่าง ไม่ใช่อัตราที่ประกาศ";
  static final String EXAMPLE_EN = "example rates, not the published ones";

  private final Round current;
  private final LocalDate countDate;

  public SubsidyReport(ReportRepository repository, RegistryService registry, SubsidyRates rates, Round round,
                       Round current, LocalDate countDate) {
    this.repository = repository;
    this.registry = registry;
    this.rates = rates;
    this.round = round;
    this.current = current;
    this.countDate = countDate;
  }

  /** The same report for another round: a closed one, kept after the next round opened. */
  public SubsidyReport of(Round other) {
    return new SubsidyReport(repository, registry, rates, other, current, countDate);
  }

  /** Term 2 of academic year Y is paid in fiscal year Y+1 (October to September); so is term 1 of Y+1. */
  static int fiscalYearOf(Round round) {
    return round.term() == 2 ? round.academicYear() + 1 : round.academicYear();
  }

  /** Present and poor students of one school (or more), by grade. */
  private static final class Counts {
    final Map<String, long[]> byGrade = new TreeMap<>();

    void add(String grade, long present, long poor) {
      long[] n = byGrade.computeIfAbsent(grade, g -> new long[2]);
      n[0] += present;
      n[1] += poor;
    }

    void addAll(Counts other) {
      other.byGrade.forEach((grade, n) -> add(grade, n[0], n[1]));
    }
  }

  /** The whole country, or one area when {@code onlyArea} is given. */
  public Future<JsonObject> compute(String onlyArea) {
    return repository.closedAt(round.academicYear(), round.term()).compose(closed -> {
      if (closed.isEmpty()) {
        throw Problem.conflict("ROUND_NOT_CLOSED", "The subsidy is computed from the closed round; OBEC has not closed it yet.",
            "ยังคำนวณเงินอุดหนุนไม่ได้ สพฐ. ยังไม่ได้ปิดระบบรอบนี้");
      }
      if (fiscalYearOf(round) != rates.fiscalYear()) {
        throw new Problem(409, "RATES_MISSING", "Conflict", "Round " + round.term() + "/" + round.academicYear()
            + " is paid in fiscal year " + fiscalYearOf(round) + "; the rates loaded are of fiscal year "
            + rates.fiscalYear() + ".", "ภาคเรียนที่ " + round.term() + "/" + round.academicYear() + " จ่ายในปีงบประมาณ "
            + fiscalYearOf(round) + " แต่อัตราที่โหลดไว้เป็นของปีงบประมาณ " + rates.fiscalYear(),
            new JsonObject().put("fiscalYear", fiscalYearOf(round)));
      }
      Set<String> poorCodes = new TreeSet<>();
      rates.items().forEach(i -> poorCodes.addAll(i.eligibleDisadvantage()));
      return repository.presentBySchoolAndGrade(round.academicYear(), round.term(), poorCodes).compose(rows -> {
        Map<String, Counts> paid = new TreeMap<>();
        Map<String, Counts> held = new TreeMap<>();
        for (ReportRepository.PresentCount r : rows) {
          (r.held() ? held : paid).computeIfAbsent(r.schoolCode(), k -> new Counts()).add(r.grade(), r.present(), r.poor());
        }
        Set<String> schools = new TreeSet<>(paid.keySet());
        schools.addAll(held.keySet());
        LocalDate day = closed.get().countDate() != null ? closed.get().countDate()
            : round.equals(current) ? countDate : null;
        return registry.schools(schools).map(found -> build(paid, held, found, onlyArea, day)
            .put("asOf", closed.get().at().toInstant().toString()).put("countDate", day == null ? null : day.toString()));
      });
    });
  }

  private JsonObject build(Map<String, Counts> paid, Map<String, Counts> held, Map<String, School> schools,
                           String onlyArea, LocalDate day) {
    Map<String, Counts> byArea = new TreeMap<>();
    Counts national = new Counts();
    Counts heldTotal = new Counts();
    JsonArray schoolRows = new JsonArray();
    paid.forEach((code, counts) -> {
      String area = schools.containsKey(code) ? schools.get(code).areaCode() : "";
      if (onlyArea != null && !onlyArea.equals(area)) return;
      schoolRows.add(line(counts).put("schoolCode", code).put("areaCode", area));
      byArea.computeIfAbsent(area, k -> new Counts()).addAll(counts);
      national.addAll(counts);
    });
    held.forEach((code, counts) -> {
      String area = schools.containsKey(code) ? schools.get(code).areaCode() : "";
      if (onlyArea == null || onlyArea.equals(area)) heldTotal.addAll(counts);
    });
    JsonArray areaRows = new JsonArray();
    byArea.forEach((area, counts) -> areaRows.add(line(counts).put("areaCode", area)));
    JsonObject out = new JsonObject()
        .put("academicYear", round.academicYear()).put("term", round.term()).put("fiscalYear", rates.fiscalYear())
        .put("per", "student per term")
        .put("basis", new JsonObject()
            .put("th", "ภาคเรียนที่ " + round.term() + "/" + round.academicYear() + ": นักเรียนที่มีตัวตน ณ วันที่ "
                + (day == null ? "วันนับ" : ThaiDates.thaiDate(day)) + " × อัตราส่วนของภาคเรียนที่ " + round.term() + " ปีงบประมาณ " + rates.fiscalYear())
            .put("en", "Term " + round.term() + "/" + round.academicYear() + ": students present on " + (day == null ? "the count day" : ThaiDates.englishDate(day))
                + " x the term-" + round.term() + " part of fiscal year " + rates.fiscalYear() + "'s rates"))
        .put("example", rates.example())
        .put("exampleNote", rates.example() ? new JsonObject().put("th", EXAMPLE_TH).put("en", EXAMPLE_EN) : null)
        .put("source", rates.source())
        .put("levels", new JsonArray(rates.levels().stream().map(l -> new JsonObject().put("code", l.code())
            .put("nameTh", l.nameTh()).put("nameEn", l.nameEn()).put("grades", new JsonArray(l.grades()))).toList()))
        .put("items", new JsonArray(rates.items().stream().map(i -> new JsonObject().put("code", i.code())
            .put("nameTh", i.nameTh()).put("nameEn", i.nameEn()).put("per", i.perGrade() ? "grade" : "level")
            .put("onceAYear", i.onceAYear()).put("poorStudentsOnly", !i.forEveryone())).toList()))
        .put("rates", termRates())
        .put("areas", areaRows)
        .put("schools", schoolRows)
        .put("held", line(heldTotal).put("note", "Possible duplicates (same name and birth date present in another school"
            + " under another ID): listed apart, not paid until resolved. / นักเรียนที่อาจซ้ำซ้อน แยกแสดง ยังไม่จ่าย"));
    if (onlyArea == null) out.put("national", line(national));
    return out;
  }


  /** This term's amount of each item, by level or grade. */
  private JsonObject termRates() {
    JsonObject table = new JsonObject();
    for (SubsidyRates.Item item : rates.items()) {
      JsonObject amounts = new JsonObject();
      item.amounts().forEach((key, parts) -> amounts.put(key, parts[round.term() - 1].toPlainString()));
      table.put(item.code(), amounts);
    }
    return table;
  }

  /** Counts by level, poor students by level, the amount of each item, and the total, for one line. */
  private JsonObject line(Counts counts) {
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    rates.items().forEach(i -> amounts.put(i.code(), BigDecimal.ZERO));
    Map<String, Long> byLevel = new LinkedHashMap<>();
    Map<String, Long> poorByLevel = new LinkedHashMap<>();
    long students = 0;
    long poor = 0;
    for (Map.Entry<String, long[]> e : counts.byGrade.entrySet()) {
      String grade = e.getKey();
      long present = e.getValue()[0];
      long poorHere = e.getValue()[1];
      SubsidyRates.Level level = rates.levelOfGrade(grade).orElseThrow(() -> ratesMissing(grade, null, "no level"));
      byLevel.merge(level.code(), present, Long::sum);
      poorByLevel.merge(level.code(), poorHere, Long::sum);
      students += present;
      poor += poorHere;
      for (SubsidyRates.Item item : rates.items()) {
        long n = item.forEveryone() ? present : poorHere;
        if (n == 0) continue;
        String key = item.perGrade() ? grade : level.code();
        BigDecimal rate = item.amount(key, round.term()).orElseThrow(() -> ratesMissing(grade, item, key));
        amounts.merge(item.code(), rate.multiply(BigDecimal.valueOf(n)), BigDecimal::add);
      }
    }
    BigDecimal total = amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    JsonObject amountJson = new JsonObject();
    amounts.forEach((item, amount) -> amountJson.put(item, amount.toPlainString()));
    JsonObject countJson = new JsonObject();
    byLevel.forEach(countJson::put);
    JsonObject poorJson = new JsonObject();
    poorByLevel.forEach(poorJson::put);
    return new JsonObject().put("students", students).put("poor", poor).put("counts", countJson)
        .put("poorCounts", poorJson).put("amounts", amountJson).put("total", total.toPlainString());
  }

  private Problem ratesMissing(String grade, SubsidyRates.Item item, String key) {
    String what = item == null ? "a level for grade " + grade : item.nameEn() + " for " + key + " (grade " + grade + ")";
    String whatTh = item == null ? "ระดับของชั้น " + grade : item.nameTh() + " ของ " + key + " (ชั้น " + grade + ")";
    return new Problem(409, "RATES_MISSING", "Conflict",
        "The rates file of fiscal year " + rates.fiscalYear() + " has no " + what + ", which has students present.",
        "ไฟล์อัตราเงินอุดหนุนปีงบประมาณ " + rates.fiscalYear() + " ไม่มี" + whatTh + " ซึ่งมีนักเรียน",
        new JsonObject().put("grade", grade).put("item", item == null ? null : item.code()));
  }

  /** Which rates the server pays with, and whether they are an example that must say so wherever they show. */
  public JsonObject ratesInUse() {
    return new JsonObject().put("fiscalYear", rates.fiscalYear()).put("example", rates.example())
        .put("note", rates.example() ? new JsonObject().put("th", EXAMPLE_TH).put("en", EXAMPLE_EN) : null)
        .put("source", rates.source());
  }

  /** The same figures as a workbook, in the columns of templates/report-subsidy.json: national, areas, schools, held. */
  public Future<ReportFile> workbook(String holder, String onlyArea, SheetSpec spec, Workers workers) {
    return compute(onlyArea).compose(report -> workers.sheets(holder, () -> {
      ReportWriter w = new ReportWriter();
      String day = report.getString("countDate") == null ? "วันนับ"
          : ThaiDates.thaiDate(LocalDate.parse(report.getString("countDate")));
      // Example figures must never pass for the published ones, in the file as on the page.
      w.sheet(spec.sheetNameTh(), (rates.example() ? EXAMPLE_TH + " / " + EXAMPLE_EN + " — " : "") + spec.titleTh()
          + " ปีงบประมาณ " + report.getInteger("fiscalYear") + " ภาคเรียนที่ " + round.term() + "/" + round.academicYear()
          + " ณ วันที่ " + day + " (baht per term)", spec.columns());
      if (report.getJsonObject("national") != null) w.row(cells(spec, "national", "", report.getJsonObject("national")));
      report.getJsonArray("areas").forEach(o -> w.row(cells(spec, "area", ((JsonObject) o).getString("areaCode"), (JsonObject) o)));
      report.getJsonArray("schools").forEach(o -> w.row(cells(spec, "school", ((JsonObject) o).getString("schoolCode"), (JsonObject) o)));
      w.row(cells(spec, "held", "", report.getJsonObject("held")));
      return ReportFile.of(w, "subsidy-" + round.academicYear() + "-" + round.term() + ".xlsx",
          "เงินอุดหนุนรายหัว-" + round.academicYear() + "-" + round.term() + ".xlsx");
    }));
  }

  /** One row, by the spec's column keys: a level's count, an item's amount, or a line's own field. */
  private static List<Object> cells(SheetSpec spec, String scope, String code, JsonObject line) {
    List<Object> cells = new ArrayList<>();
    for (ColumnSpec c : spec.columns()) {
      String key = c.key();
      if (key.equals("scope")) cells.add(scope);
      else if (key.equals("code")) cells.add(code);
      else if (key.equals("students") || key.equals("poor")) cells.add(line.getLong(key));
      else if (key.equals("total")) cells.add(new BigDecimal(line.getString("total")));
      else if (line.getJsonObject("amounts").containsKey(key)) cells.add(new BigDecimal(line.getJsonObject("amounts").getString(key)));
      else cells.add(line.getJsonObject("counts").getLong(key, 0L));
    }
    return cells;
  }
}
