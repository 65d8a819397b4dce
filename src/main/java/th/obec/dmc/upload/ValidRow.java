package th.obec.dmc.upload;

import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;

/** A row that passed the column spec: its Excel row number and its normalised values in the spec's column order. */
public record ValidRow(int rowNumber, SheetSpec spec, String[] values) {

  public String get(String key) {
    return values[spec.indexOf(key)];
  }

  /** One column of many rows, as the array a set-based statement takes. */
  public static String[] column(java.util.List<ValidRow> rows, String key) {
    String[] values = new String[rows.size()];
    for (int i = 0; i < values.length; i++) values[i] = rows.get(i).get(key);
    return values;
  }

  /** An error about one of this row's cells. */
  public CellError error(String key, String code, String en, String th) {
    return CellError.of(rowNumber, spec.column(key).orElseThrow(), get(key), code, en, th);
  }
}
