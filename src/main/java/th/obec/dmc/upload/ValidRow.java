package th.obec.dmc.upload;

import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.SheetSpec;

/** A row that passed the column spec: its Excel row number and its normalised values in the spec's column order. */
public record ValidRow(int rowNumber, SheetSpec spec, String[] values) {

  public String get(String key) {
    return values[spec.indexOf(key)];
  }

  /** An error about one of this row's cells. */
  public CellError error(String key, String code, String en, String th) {
    return CellError.of(rowNumber, spec.column(key).orElseThrow(), get(key), code, en, th);
  }
}
