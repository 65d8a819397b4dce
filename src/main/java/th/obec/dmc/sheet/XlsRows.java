package th.obec.dmc.sheet;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The first sheet of an Excel 97-2003 (.xls) file, read the same way as an .xlsx: numbers with every
 * digit, date cells as ISO dates, formulas by their cached values. The format has no streaming reader
 * that keeps cell styles, so the workbook is loaded whole; .xls itself caps a sheet at 65,536 rows.
 */
final class XlsRows {
  private XlsRows() {}

  static void read(POIFSFileSystem fs, BiConsumer<Integer, List<String>> sink) throws Exception {
    try (HSSFWorkbook wb = new HSSFWorkbook(fs.getRoot(), false)) {
      if (wb.getNumberOfSheets() == 0) return;
      Sheet sheet = wb.getSheetAt(0);
      for (Row row : sheet) {
        List<String> cells = new ArrayList<>();
        for (Cell cell : row) {
          while (cells.size() < cell.getColumnIndex()) cells.add("");
          CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
          cells.add(value(cell, type));
        }
        sink.accept(row.getRowNum() + 1, cells);
      }
    }
  }

  private static String value(Cell cell, CellType type) {
    return switch (type) {
      case NUMERIC -> DateUtil.isCellDateFormatted(cell)
          ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
          : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
      case STRING -> cell.getStringCellValue();
      case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
      case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
      default -> "";
    };
  }
}
