package th.obec.dmc.sheet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a row against its column spec: required cells, patterns, lengths, and codes (any label or
 * alias becomes the stored code). Domain rules that span columns or rows belong to the domain.
 */
public final class RowValidator {
  private final SheetSpec spec;

  public RowValidator(SheetSpec spec) {
    this.spec = spec;
  }

  /** The row's values normalised by the spec; problems go to {@code errors}. */
  public Map<String, String> validate(RawRow row, List<CellError> errors) {
    Map<String, String> clean = new LinkedHashMap<>();
    for (ColumnSpec c : spec.columns()) {
      String value = row.get(c.key());
      if (value == null) {
        if (c.required()) {
          errors.add(new CellError(row.rowNumber(), c.key(), c.headerTh(), null, "REQUIRED",
              "Row " + row.rowNumber() + ": " + c.headerEn() + " is required.",
              "แถวที่ " + row.rowNumber() + ": ต้องกรอก " + c.headerTh()));
        }
        continue;
      }
      if (value.length() > c.maxLength()) {
        errors.add(error(row, c, value, "TOO_LONG", "is longer than " + c.maxLength() + " characters",
            "ยาวเกิน " + c.maxLength() + " ตัวอักษร"));
        continue;
      }
      if (!c.codes().isEmpty()) {
        String code = code(c, value);
        if (code == null) {
          String allowed = String.join(", ", c.codes().stream().map(o -> o.labelTh() + " (" + o.code() + ")").toList());
          errors.add(error(row, c, value, "UNKNOWN_CODE", "must be one of " + allowed,
              "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้ " + allowed));
          continue;
        }
        value = code;
      }
      if (c.pattern().isPresent() && !c.pattern().get().matcher(value).matches()) {
        errors.add(error(row, c, value, "INVALID_FORMAT", "has the wrong format. " + c.help(),
            "รูปแบบไม่ถูกต้อง " + c.help()));
        continue;
      }
      clean.put(c.key(), value);
    }
    return clean;
  }

  private static String code(ColumnSpec c, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (CodeOption o : c.codes()) {
      if (o.code().equalsIgnoreCase(v) || o.labelTh().equalsIgnoreCase(v) || o.labelEn().equalsIgnoreCase(v)) {
        return o.code();
      }
      for (String alias : o.aliases()) if (alias.equalsIgnoreCase(v)) return o.code();
    }
    return null;
  }

  private static CellError error(RawRow row, ColumnSpec c, String value, String code, String en, String th) {
    return new CellError(row.rowNumber(), c.key(), c.headerTh(), value, code,
        "Row " + row.rowNumber() + ", " + c.headerEn() + " '" + value + "': " + en + ".",
        "แถวที่ " + row.rowNumber() + " คอลัมน์ " + c.headerTh() + " '" + value + "': " + th);
  }
}
