package th.obec.dmc.sheet;

import java.util.Map;
import java.util.Set;

/**
 * One data row as the user sees it: its row number in the workbook, its non-blank cells by column key, and
 * the keys of every column the file has (shared by all its rows): a column the file lacks changes nothing
 * stored, while a blank cell in a column it has means "none".
 */
public record RawRow(int rowNumber, Map<String, String> values, Set<String> columns) {

  public RawRow(int rowNumber, Map<String, String> values) {
    this(rowNumber, values, values.keySet());
  }

  public String get(String key) {
    return values.get(key);
  }
}
