package th.obec.dmc.sheet;

import java.util.List;
import java.util.Optional;

/**
 * A workbook kind: its sheet name, title and columns, read from {@code templates/<kind>.json}, with the rule
 * codes that are warnings and, for students, the promotion tracks (the grades in the order students go).
 */
public record SheetSpec(String kind, String sheetNameTh, String sheetNameEn, String titleTh, String titleEn,
                        List<ColumnSpec> columns, java.util.Set<String> warnings, List<List<String>> promotion) {

  /** The rule codes that are warnings for this workbook: reported with row and column, never blocking. */
  public boolean isWarning(String code) {
    return warnings.contains(code);
  }

  /** The position of a column in {@link #columns()}, or -1. */
  public int indexOf(String key) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).key().equals(key)) return i;
    return -1;
  }

  public Optional<ColumnSpec> column(String key) {
    return columns.stream().filter(c -> c.key().equals(key)).findFirst();
  }

  /** {@code birth_date} becomes {@code birthDate}: spec keys as the JSON API names them. */
  public static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
