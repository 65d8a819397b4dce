package th.obec.dmc.upload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.CellError;

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
        .put("errors", grouped(parsed.errors));
  }

  static JsonArray grouped(List<CellError> errors) {
    Map<String, List<CellError>> groups = new LinkedHashMap<>();
    errors.stream()
        .sorted(java.util.Comparator.comparingInt(CellError::row))
        .forEach(e -> groups.computeIfAbsent(e.code() + "\u0000" + e.column(), k -> new ArrayList<>()).add(e));
    JsonArray out = new JsonArray();
    groups.values().forEach(list -> {
      CellError first = list.get(0);
      out.add(new JsonObject()
          .put("code", first.code())
          .put("column", first.column())
          .put("headerTh", first.headerTh())
          .put("messageTh", first.messageTh())
          .put("messageEn", first.messageEn())
          .put("count", list.size())
          .put("rows", new JsonArray(list.stream().map(CellError::row).distinct().limit(ROWS_LISTED).toList())));
    });
    return out;
  }
}
