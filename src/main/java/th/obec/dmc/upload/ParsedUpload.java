package th.obec.dmc.upload;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.RawRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A file read and checked row by row: the rows that passed, the errors, and the raw cells of failing rows. */
final class ParsedUpload {
  /** Rejected rows kept for the errors workbook; beyond this the workbook lists the first ones only. */
  static final int MAX_REJECTED_KEPT = 20_000;

  final List<ValidRow> rows = new ArrayList<>();
  final List<CellError> errors = new ArrayList<>();
  final Map<Integer, RawRow> raw = new LinkedHashMap<>();
  int read;
  /** When the upload's work began, for its processing time. */
  long startedNanos = System.nanoTime();

  /** Rows with at least one error, each with its cells as uploaded and its errors. */
  List<JsonObject> rejectedRows() {
    Map<Integer, List<CellError>> byRow = new LinkedHashMap<>();
    for (CellError e : errors) byRow.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e);
    Map<Integer, ValidRow> valid = new java.util.HashMap<>();
    rows.forEach(r -> valid.put(r.rowNumber(), r));
    List<JsonObject> out = new ArrayList<>();
    byRow.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(MAX_REJECTED_KEPT).forEach(entry -> {
      RawRow r = raw.get(entry.getKey());
      JsonObject cells = new JsonObject();
      // Rows that failed only the roll's rules were not kept raw; their checked values stand in.
      if (r != null) r.values().forEach(cells::put);
      else if (valid.containsKey(entry.getKey())) {
        ValidRow v = valid.get(entry.getKey());
        for (int i = 0; i < v.values().length; i++) {
          if (v.values()[i] != null) cells.put(v.spec().columns().get(i).key(), v.values()[i]);
        }
      }
      JsonObject errs = new JsonObject();
      entry.getValue().forEach(e -> errs.put(e.column(), e.messageTh() + " / " + e.messageEn()));
      out.add(new JsonObject().put("row", entry.getKey()).put("cells", cells).put("errors", errs));
    });
    return out;
  }

  int invalidRows() {
    return (int) errors.stream().mapToInt(CellError::row).distinct().count();
  }
}
