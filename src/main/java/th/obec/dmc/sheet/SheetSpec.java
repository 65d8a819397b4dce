package th.obec.dmc.sheet;

import java.util.List;
import java.util.Optional;

/** A workbook kind: its sheet name, title and columns, read from {@code templates/<kind>.json}. */
public record SheetSpec(String kind, String sheetNameTh, String sheetNameEn, String titleTh, String titleEn,
                        List<ColumnSpec> columns) {

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
