package th.obec.dmc.sheet;

import java.util.List;

/** Where a workbook's rows go as its reader meets them, cell by cell in column order, as POI's SheetContentsHandler. */
interface RowSink {
  /** One row: its 1-based number in the sheet and its cells, null or text, in column order. */
  void row(int rowNumber, List<String> cells);

  /** A workbook's next sheet begins, by its name; its rows follow, numbered from 1 again. */
  default void sheet(String name) {}
}
