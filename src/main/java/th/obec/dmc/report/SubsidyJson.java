package th.obec.dmc.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.calendar.ThaiDates;

/** The subsidy's figures and rates as the API writes them (subsidy.json); the workbook reads the records. */
final class SubsidyJson {
  private SubsidyJson() {}

  static JsonObject figures(SubsidyReport.Figures f) {
    var round = f.round();
    var rates = f.rates();
    var day = f.countDate();
    JsonArray areaRows = new JsonArray();
    f.areas().forEach(a -> areaRows.add(line(a.line()).put("areaCode", a.code())));
    JsonArray schoolRows = new JsonArray();
    f.schools().forEach(s -> schoolRows.add(line(s.line()).put("schoolCode", s.code()).put("areaCode", s.areaCode())));
    JsonObject out = new JsonObject()
        .put("academicYear", round.academicYear()).put("term", round.term()).put("fiscalYear", rates.fiscalYear())
        .put("per", "student per term")
        .put("basis", new JsonObject()
            .put("th", "ภาคเรียนที่ " + round.term() + "/" + round.academicYear() + ": นักเรียนที่มีตัวตน ณ วันที่ "
                + (day == null ? "วันนับ" : ThaiDates.thaiDate(day)) + " × อัตราส่วนของภาคเรียนที่ " + round.term() + " ปีงบประมาณ " + rates.fiscalYear())
            .put("en", "Term " + round.term() + "/" + round.academicYear() + ": students present on " + (day == null ? "the count day" : ThaiDates.englishDate(day))
                + " x the term-" + round.term() + " part of fiscal year " + rates.fiscalYear() + "'s rates"))
        .put("example", rates.example())
        .put("exampleNote", rates.example() ? note() : null)
        .put("source", rates.source())
        .put("levels", new JsonArray(rates.levels().stream().map(l -> new JsonObject().put("code", l.code())
            .put("nameTh", l.nameTh()).put("nameEn", l.nameEn()).put("grades", new JsonArray(l.grades()))).toList()))
        .put("items", new JsonArray(rates.items().stream().map(i -> new JsonObject().put("code", i.code())
            .put("nameTh", i.nameTh()).put("nameEn", i.nameEn()).put("per", i.perGrade() ? "grade" : "level")
            .put("onceAYear", i.onceAYear()).put("poorStudentsOnly", !i.forEveryone())).toList()))
        .put("rates", termRates(f))
        .put("areas", areaRows)
        .put("schools", schoolRows)
        .put("held", line(f.held()).put("note", "Possible duplicates (same name and birth date present in another school"
            + " under another ID): listed apart, not paid until resolved. / นักเรียนที่อาจซ้ำซ้อน แยกแสดง ยังไม่จ่าย"));
    if (f.national() != null) out.put("national", line(f.national()));
    return out.put("asOf", f.asOf().toString()).put("countDate", day == null ? null : day.toString());
  }

  /** Which rates the server pays with, and whether they are an example that must say so wherever they show. */
  static JsonObject rates(SubsidyRates rates) {
    return new JsonObject().put("fiscalYear", rates.fiscalYear()).put("example", rates.example())
        .put("note", rates.example() ? note() : null)
        .put("source", rates.source());
  }

  private static JsonObject note() {
    return new JsonObject().put("th", SubsidyReport.EXAMPLE_TH).put("en", SubsidyReport.EXAMPLE_EN);
  }

  /** This term's amount of each item, by level or grade. */
  private static JsonObject termRates(SubsidyReport.Figures f) {
    JsonObject table = new JsonObject();
    for (SubsidyRates.Item item : f.rates().items()) {
      JsonObject amounts = new JsonObject();
      item.amounts().forEach((key, parts) -> amounts.put(key, parts[f.round().term() - 1].toPlainString()));
      table.put(item.code(), amounts);
    }
    return table;
  }

  private static JsonObject line(SubsidyReport.Line line) {
    JsonObject amounts = new JsonObject();
    line.amounts().forEach((item, amount) -> amounts.put(item, amount.toPlainString()));
    JsonObject counts = new JsonObject();
    line.counts().forEach(counts::put);
    JsonObject poor = new JsonObject();
    line.poorCounts().forEach(poor::put);
    return new JsonObject().put("students", line.students()).put("poor", line.poor()).put("counts", counts)
        .put("poorCounts", poor).put("amounts", amounts).put("total", line.total().toPlainString());
  }
}
