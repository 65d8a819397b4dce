package th.obec.dmc.sheet;

/**
 * How much of a workbook the server will read: beyond these a file is refused as it streams, before
 * the excess is held in memory. Rows count every row of the sheet, blank ones too (up to the header
 * search allowance above the data rows).
 */
public record SheetLimits(int maxRows, int maxColumns, int maxSharedStrings, int maxSharedChars,
                          int maxStylesBytes, int maxCsvRecordChars) {
  /** Excel's own limit on the characters of one cell. */
  public static final int MAX_CELL_CHARS = 32_767;
  /**
   * The most of one shared string a cell reference reads. A workbook can point thousands of cells at one
   * 32,000-character string in a file of a few KB: copied whole per reference, a 10 KB file once filled a
   * 256 MB heap. No column takes more than 500 characters, so a cut value is still refused as TOO_LONG.
   */
  public static final int MAX_READ_CHARS = 1_000;
  /** Sheets a workbook may have; a roll kept one sheet per room needs a few dozen. */
  public static final int MAX_SHEETS = 200;
  /** Rows above the data (titles, headers) that do not count toward the data-row cap. */
  public static final int HEADER_ROWS_ALLOWED = 32;

  public static final SheetLimits DEFAULT = new SheetLimits(200_000, 200, 2_000_000, 16_000_000, 2_000_000, 1_000_000);

  public SheetLimits withMaxRows(int rows) {
    return new SheetLimits(rows, maxColumns, maxSharedStrings, maxSharedChars, maxStylesBytes, maxCsvRecordChars);
  }

  /** Every row the sheet may hold, blank ones included. */
  int maxSheetRows() {
    return maxRows + HEADER_ROWS_ALLOWED;
  }
}
