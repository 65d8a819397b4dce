package th.obec.dmc.upload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.RowPlaces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer about an upload, with errors grouped by code and column so 5,000 bad rows read as a few lines. */
final class UploadResult {
  private static final int ROWS_LISTED = 100;

  private UploadResult() {}

  static JsonObject of(UploadRecord record, ParsedUpload parsed, Changes changes) {
    return new JsonObject()
        .put("id", record.id().toString())
        .put("kind", record.kind())
        .put("schoolCode", record.schoolCode())
        .put("academicYear", record.academicYear())
        .put("term", record.term())
        .put("fileName", record.fileName())
        .put("sha256", record.sha256())
        .put("dryRun", record.dryRun())
        .put("status", record.status())
        .put("rows", new JsonObject()
            .put("read", parsed.read)
            .put("valid", parsed.read - parsed.invalidRows())
            .put("invalid", parsed.invalidRows()))
        .put("changes", new JsonObject()
            .put("inserted", changes.inserted())
            .put("updated", changes.updated())
            .put("unchanged", changes.unchanged()))
        .put("sheetsRead", new JsonArray(parsed.places.sheetsRead()))
        .put("sheetsNotRead", new JsonArray(parsed.places.sheetsNotRead()))
        .put("ignoredColumns", new JsonArray(parsed.ignoredColumns))
        .put("ignoredLookAlikes", lookAlikes(parsed))
        .put("errors", grouped(parsed.errors, parsed.places))
        .put("warnings", grouped(parsed.errors.warnings(), parsed.places));
  }

  /** Each ignored header that resembles a column the spec reads, named with that column, as a warning. */
  private static JsonArray lookAlikes(ParsedUpload parsed) {
    JsonArray out = new JsonArray();
    parsed.lookAlikes.forEach((header, key) -> {
      ColumnSpec c = parsed.spec().require(key);
      out.add(new JsonObject().put("header", header).put("resembles", key).put("headerTh", c.headerTh())
          .put("messageTh", "คอลัมน์ \"" + header + "\" คล้ายคอลัมน์ \"" + c.headerTh()
              + "\" แต่ระบบไม่ได้อ่านข้อมูลในคอลัมน์นี้ กรุณาตรวจสอบหัวตาราง")
          .put("messageEn", "The column \"" + header + "\" looks like \"" + c.headerEn()
              + "\" but was not read; its data was not kept. Check the header."));
    });
    return out;
  }

  /** Sorting and grouping is work for a worker: a file may have errors on every one of 200,000 rows. */
  static JsonArray grouped(CellErrors errors, RowPlaces places) {
    Map<String, List<Integer>> rowsByGroup = new LinkedHashMap<>();
    for (CellError e : errors.detailed()) {
      rowsByGroup.computeIfAbsent(e.code() + "\u0000" + e.column(), k -> new ArrayList<>()).add(e.row());
    }
    JsonArray out = new JsonArray();
    for (CellErrors.Group group : errors.groups()) {
      CellError first = group.first();
      List<Integer> rows = rowsByGroup.getOrDefault(first.code() + "\u0000" + first.column(), List.of())
          .stream().sorted().distinct().limit(ROWS_LISTED).toList();
      JsonObject listed = new JsonObject()
          .put("code", first.code())
          .put("column", first.column())
          .put("headerTh", first.headerTh())
          .put("messageTh", first.messageTh())
          .put("messageEn", first.messageEn())
          .put("count", group.count())
          .put("rows", new JsonArray(rows.stream().map(r -> places.place(r).row()).toList()));
      // Row numbers repeat from sheet to sheet: with several, each row is named with its sheet.
      if (places.several()) {
        listed.put("places", new JsonArray(rows.stream().map(places::place)
            .map(p -> new JsonObject().put("sheet", p.sheet()).put("row", p.row())).toList()));
      }
      out.add(listed);
    }
    return out;
  }
}
