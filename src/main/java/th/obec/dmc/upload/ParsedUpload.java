package th.obec.dmc.upload;

import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.FlaggedRow;
import th.obec.dmc.sheet.RawRow;
import th.obec.dmc.sheet.RowPlaces;
import th.obec.dmc.sheet.SheetSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file read and checked row by row: how many rows passed, the errors, the raw cells of rows the spec refused,
 * and the checked values of good rows later flagged (by the database's rules or a warning). Good rows are not
 * kept: they stream to the database, and a 100,000-row export of 80 fields would not fit a small heap.
 */
final class ParsedUpload {
  /** Rejected rows kept for the errors workbook; beyond this the workbook lists the first ones only. */
  static final int MAX_REJECTED_KEPT = 5_000;

  /** Rows that passed the spec and the kind's row rules. */
  int accepted;
  /** Checked values of good rows that were flagged afterwards, by row: the reader's and the event loop's. */
  private final Map<Integer, ValidRow> checked = new ConcurrentHashMap<>();
  final CellErrors errors;

  private final SheetSpec spec;

  ParsedUpload(SheetSpec spec) {
    this.spec = spec;
    this.errors = new CellErrors(spec);
  }

  SheetSpec spec() {
    return spec;
  }
  final Map<Integer, RawRow> raw = new HashMap<>();
  /** Which sheets were read, and where each row number of this upload is in them. */
  final RowPlaces places = new RowPlaces();
  int read;
  /** The file's headers that no column reads, so the user sees what was not read. */
  volatile List<String> ignoredColumns = List.of();
  /** Of those, the ones that look like a column the spec reads (same words, another suffix): header to key. */
  volatile Map<String, String> lookAlikes = Map.of();
  /** When the upload's work began, for its processing time. */
  long startedNanos = System.nanoTime();

  /** Keeps a good row that was flagged (a warning, a rule of the database), while there is room. */
  void keepChecked(ValidRow row) {
    if (checked.size() < MAX_REJECTED_KEPT) checked.put(row.rowNumber(), row);
  }

  /** Keeps a failing row's cells, each shortened, while there is room. */
  void keepRaw(RawRow row) {
    if (raw.size() >= MAX_REJECTED_KEPT) return;
    Map<String, String> values = new LinkedHashMap<>();
    row.values().forEach((k, v) -> values.put(k, CellError.shorten(v)));
    raw.put(row.rowNumber(), new RawRow(row.rowNumber(), values));
  }

  /**
   * Rows with at least one detailed error or warning, each with its cells as uploaded, its errors and its
   * warnings, for the errors workbook. Blocking work: a worker's.
   */
  List<FlaggedRow> flaggedRows() {
    Map<Integer, List<CellError>> byRow = new TreeMap<>();
    for (CellError e : errors.detailed()) byRow.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e);
    Map<Integer, List<CellError>> warned = new TreeMap<>();
    for (CellError e : errors.warnings().detailed()) {
      warned.computeIfAbsent(e.row(), r -> new ArrayList<>()).add(e);
      byRow.computeIfAbsent(e.row(), r -> new ArrayList<>());
    }
    Map<Integer, ValidRow> valid = checked;
    List<FlaggedRow> out = new ArrayList<>();
    byRow.entrySet().stream().limit(MAX_REJECTED_KEPT).forEach(entry -> {
      RawRow r = raw.get(entry.getKey());
      JsonObject cells = new JsonObject();
      // Rows that failed only the roll's rules were not kept raw; their checked values stand in.
      if (r != null) r.values().forEach(cells::put);
      else if (valid.containsKey(entry.getKey())) {
        ValidRow v = valid.get(entry.getKey());
        for (int i = 0; i < v.values().length; i++) {
          if (v.values()[i] != null) cells.put(v.spec().storedKeys().get(i), v.values()[i]);
        }
      }
      JsonObject errs = new JsonObject();
      entry.getValue().forEach(e -> errs.put(e.column(), e.messageTh() + " / " + e.messageEn()));
      JsonObject warns = new JsonObject();
      warned.getOrDefault(entry.getKey(), List.of()).forEach(e -> warns.put(e.column(), e.messageTh() + " / " + e.messageEn()));
      RowPlaces.Place place = places.place(entry.getKey());
      out.add(new FlaggedRow(place.row(), places.several() ? place.sheet() : null, cells, errs, warns));
    });
    return out;
  }

  int invalidRows() {
    return errors.invalidRows();
  }
}
