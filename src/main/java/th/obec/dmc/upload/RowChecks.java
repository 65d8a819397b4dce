package th.obec.dmc.upload;

import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellTypes;
import th.obec.dmc.sheet.RawRow;
import th.obec.dmc.sheet.CheckedRow;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Each row of a file judged as the reader meets it, on the reader's worker: checked against the spec by the reader
 * ({@link th.obec.dmc.sheet.CheckedRow}), then here the kind's own rules, then repeats within the file. A good row goes on to the database; a bad one is kept for the errors
 * workbook. Whether a row is bad is asked of that row: meanwhile the event loop adds errors of earlier
 * batches to the same list, so counting errors would take a good row for a bad one.
 */
final class RowChecks implements Consumer<CheckedRow> {
  private final UploadKind kind;
  private final ParsedUpload parsed;
  private final Consumer<ValidRow> good;
  private final Instant now;
  private final Map<String, Integer> seen = new HashMap<>();
  /** "รวม 35 คน", "รวมทั้งสิ้น", "ชาย 20 คน": a total under the list, not a student. */
  private static final Pattern TOTAL = Pattern.compile("^(?:รวม|ทั้งสิ้น|ทั้งหมด|ชาย|หญิง|จำนวน).*|.*\\d+\\s*คน$|^\\d+$");

  RowChecks(UploadKind kind, ParsedUpload parsed, Consumer<ValidRow> good, Instant now) {
    this.kind = kind;
    this.parsed = parsed;
    this.good = good;
    this.now = now;
  }

  @Override
  public void accept(CheckedRow checked) {
    RawRow raw = checked.raw();
    parsed.read++;
    ValidRow row = new ValidRow(raw.rowNumber(), kind.spec(), checked.values(), raw.columns());
    if (!parsed.errors.hasRow(row.rowNumber())) kind.checkRow(row, parsed.errors, now);
    if (parsed.errors.hasRow(row.rowNumber())) {
      parsed.keepRaw(raw);
      return;
    }
    UploadKind.RowKey rowKey = kind.rowKey();
    Integer earlier = rowKey == null ? null : seen.putIfAbsent(rowKey.key().apply(row), row.rowNumber());
    if (earlier != null) {
      parsed.errors.add(row.error(rowKey.column(), "DUPLICATE_IN_FILE", "the same entry is already on "
          + parsed.places.label(earlier) + ".", "ข้อมูลซ้ำกับ" + parsed.places.labelTh(earlier)));
    }
    parsed.accepted++;
    if (earlier != null || parsed.errors.warnings().hasRow(row.rowNumber())) parsed.keepChecked(row);
    if (earlier == null) good.accept(row);
  }

  /**
   * A footer a clerk typed under the list (a total such as "รวม 35 คน"): no ID, and only totals' words and numbers.
   * Skipped with a warning rather than refused as a student with no ID, where the spec says it is a warning.
   */
  boolean footer(RawRow raw) {
    UploadKind.RowKey key = kind.rowKey();
    String id = key == null ? null : raw.get(key.column());
    if (key == null || id != null && CellTypes.personId(id) != null || !kind.spec().isWarning("FOOTER_ROW_SKIPPED")
        || raw.values().isEmpty() || raw.values().values().stream().noneMatch(v -> v.startsWith("รวม"))
        || !raw.values().values().stream().allMatch(v -> TOTAL.matcher(v).matches())) {
      return false;
    }
    String text = String.join(" ", raw.values().values());
    parsed.errors.add(CellError.of(raw, kind.spec().require(key.column()), text, "FOOTER_ROW_SKIPPED",
        "looks like a total under the list (" + text + "), not a student; it was skipped.",
        "เป็นแถวสรุปยอดท้ายรายชื่อ (" + text + ") ไม่ใช่ข้อมูลนักเรียน ระบบข้ามแถวนี้"));
    return true;
  }
}
