package th.obec.dmc.sheet;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The first sheet of an Excel 97-2003 (.xls) file. The format has no streaming reader that keeps
 * formatting, so the workbook is loaded whole; .xls files are capped at 65,536 rows by the format itself.
 */
final class XlsRows {
  private XlsRows() {}

  static void read(POIFSFileSystem fs, BiConsumer<Integer, List<String>> sink) throws Exception {
    try (HSSFWorkbook wb = new HSSFWorkbook(fs.getRoot(), false)) {
      if (wb.getNumberOfSheets() == 0) return;
      Sheet sheet = wb.getSheetAt(0);
      DataFormatter formatter = new PlainDataFormatter();
      FormulaEvaluator cached = null; // cached formula results are used as they are
      for (Row row : sheet) {
        List<String> cells = new ArrayList<>();
        for (Cell cell : row) {
          while (cells.size() < cell.getColumnIndex()) cells.add("");
          cells.add(formatter.formatCellValue(cell, cached));
        }
        sink.accept(row.getRowNum() + 1, cells);
      }
    }
  }
}
