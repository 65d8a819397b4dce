package th.obec.dmc.upload;

import java.util.List;
import th.obec.dmc.db.Columns;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.SheetSpec;

import java.util.Set;

/**
 * A row that passed the column spec: its Excel row number, its normalised values in the spec's
 * {@link SheetSpec#storedKeys()} order, and the keys of the columns its file has (a column the file lacks
 * leaves what is stored alone).
 */
public record ValidRow(int rowNumber, SheetSpec spec, String[] values, Set<String> columns) {

  public String get(String key) {
    return values[spec.indexOf(key)];
  }

  /** Whether the file has this column, or, for an open list's text beside its "other" code, the list's column. */
  public boolean has(String key) {
    return columns.contains(key) || key.endsWith("_other") && columns.contains(key.substring(0, key.length() - 6));
  }

  /** One column of many rows, as the array a set-based statement takes. */
  public static String[] column(List<ValidRow> rows, String key) {
    return Columns.of(rows, (ValidRow r) -> r.get(key))[0];
  }

  /** An error about one of this row's cells. */
  public CellError error(String key, String code, String en, String th) {
    return CellError.of(rowNumber, spec.column(key).orElseThrow(), get(key), code, en, th);
  }
}
