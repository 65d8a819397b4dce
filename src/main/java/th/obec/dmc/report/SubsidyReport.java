package th.obec.dmc.report;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.existence.Round;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-head subsidy of a closed round: students present in the frozen snapshot times the rates of the
 * fiscal year, per school, per area and national, per item and in total, with the counts it used.
 */
public final class SubsidyReport {
  private final ReportRepository repository;
  private final RegistryService registry;
  private final SubsidyRates rates;
  private final Round round;

  public SubsidyReport(ReportRepository repository, RegistryService registry, SubsidyRates rates, Round round) {
    this.repository = repository;
    this.registry = registry;
    this.rates = rates;
    this.round = round;
  }

  /** The whole country, or one area when {@code onlyArea} is given. */
  public Future<JsonObject> compute(String onlyArea) {
    return repository.closedAt(round.academicYear(), round.term()).compose(closed -> {
      if (closed.isEmpty()) {
        throw Problem.conflict("ROUND_NOT_CLOSED", "The subsidy is computed from the closed round; OBEC has not closed it yet.",
            "ยังคำนวณเงินอุดหนุนไม่ได้ สพฐ. ยังไม่ได้ปิดระบบรอบนี้");
      }
      return repository.presentBySchoolAndGrade(round.academicYear(), round.term()).compose(rows -> {
        Map<String, Map<String, Long>> bySchool = new TreeMap<>();
        for (ReportRepository.PresentCount r : rows) {
          String level = SubsidyRates.levelOf(r.grade());
          bySchool.computeIfAbsent(r.schoolCode(), k -> new LinkedHashMap<>())
              .merge(level, r.present(), Long::sum);
        }
        return registry.schools(bySchool.keySet()).map(schools -> build(bySchool, schools, onlyArea)
            .put("asOf", closed.get().toInstant().toString()));
      });
    });
  }

  private JsonObject build(Map<String, Map<String, Long>> bySchool, Map<String, School> schools, String onlyArea) {
    Map<String, Map<String, Long>> byArea = new TreeMap<>();
    Map<String, Long> national = new LinkedHashMap<>();
    JsonArray schoolRows = new JsonArray();
    bySchool.forEach((code, counts) -> {
      String area = schools.containsKey(code) ? schools.get(code).areaCode() : "";
      if (onlyArea != null && !onlyArea.equals(area)) return;
      schoolRows.add(line(counts).put("schoolCode", code).put("areaCode", area));
      counts.forEach((level, n) -> {
        byArea.computeIfAbsent(area, k -> new LinkedHashMap<>()).merge(level, n, Long::sum);
        national.merge(level, n, Long::sum);
      });
    });
    JsonArray areaRows = new JsonArray();
    byArea.forEach((area, counts) -> areaRows.add(line(counts).put("areaCode", area)));
    JsonObject rateTable = new JsonObject();
    rates.levels().forEach((level, r) -> {
      JsonObject items = new JsonObject();
      r.forEach((item, amount) -> items.put(item, amount.toPlainString()));
      rateTable.put(level, items);
    });
    JsonObject out = new JsonObject()
        .put("academicYear", round.academicYear()).put("term", round.term()).put("fiscalYear", rates.fiscalYear())
        .put("per", "student per year")
        .put("items", new JsonArray(rates.items().stream()
            .map(i -> new JsonObject().put("code", i.code()).put("nameTh", i.nameTh()).put("nameEn", i.nameEn())).toList()))
        .put("rates", rateTable)
        .put("areas", areaRows)
        .put("schools", schoolRows);
    if (onlyArea == null) out.put("national", line(national));
    return out;
  }

  /** The same figures as a workbook: the national line, then each area, then each school. */
  public Future<ReportFile> workbook(String onlyArea, SheetSpec spec, Workers workers) {
    return compute(onlyArea).compose(report -> workers.sheets(() -> {
      ReportWriter w = new ReportWriter();
      w.sheet(spec.sheetNameTh(), spec.titleTh() + " ปีงบประมาณ " + report.getInteger("fiscalYear")
          + " ณ วันที่ 10 พ.ย. " + round.academicYear() + " (baht per year)", spec.columns());
      if (report.getJsonObject("national") != null) w.row(cells("national", "", report.getJsonObject("national")));
      report.getJsonArray("areas").forEach(o -> w.row(cells("area", ((JsonObject) o).getString("areaCode"), (JsonObject) o)));
      report.getJsonArray("schools").forEach(o -> w.row(cells("school", ((JsonObject) o).getString("schoolCode"), (JsonObject) o)));
      return ReportFile.of(w, "subsidy-" + round.academicYear() + "-" + round.term() + ".xlsx",
          "เงินอุดหนุนรายหัว-" + round.academicYear() + "-" + round.term() + ".xlsx");
    }));
  }

  private List<Object> cells(String scope, String code, JsonObject line) {
    List<Object> cells = new java.util.ArrayList<>(List.of(scope, code, line.getLong("students")));
    for (String level : SubsidyRates.LEVELS) cells.add(line.getJsonObject("counts").getLong(level, 0L));
    for (SubsidyRates.Item item : rates.items()) cells.add(new BigDecimal(line.getJsonObject("amounts").getString(item.code())));
    cells.add(new BigDecimal(line.getString("total")));
    return cells;
  }

  /** Counts by level, the amount of each item, and the total, for one school, area or the country. */
  private JsonObject line(Map<String, Long> counts) {
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    rates.items().forEach(i -> amounts.put(i.code(), BigDecimal.ZERO));
    counts.forEach((level, n) -> {
      Map<String, BigDecimal> r = rates.rates(level).orElseThrow(() -> Problem.conflict("RATES_MISSING",
          "The rates file of fiscal year " + rates.fiscalYear() + " has no rates for level " + level + ", which has students.",
          "ไฟล์อัตราเงินอุดหนุนปีงบประมาณ " + rates.fiscalYear() + " ไม่มีอัตราของระดับ " + level + " ซึ่งมีนักเรียน"));
      r.forEach((item, rate) -> amounts.merge(item, rate.multiply(BigDecimal.valueOf(n)), BigDecimal::add));
    });
    BigDecimal total = amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    JsonObject amountJson = new JsonObject();
    amounts.forEach((item, amount) -> amountJson.put(item, amount.toPlainString()));
    JsonObject countJson = new JsonObject();
    counts.forEach(countJson::put);
    return new JsonObject().put("students", counts.values().stream().mapToLong(Long::longValue).sum())
        .put("counts", countJson).put("amounts", amountJson).put("total", total.toPlainString());
  }
}
