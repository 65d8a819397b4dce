package th.obec.dmc.sheet;

import java.util.Map;

/** One data row as the user sees it: its row number in the workbook and its non-blank cells by column key. */
public record RawRow(int rowNumber, Map<String, String> values) {

  public String get(String key) {
    return values.get(key);
  }
}
