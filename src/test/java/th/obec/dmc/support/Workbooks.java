package th.obec.dmc.support;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;

/** Small workbooks made in code, so a test shows its case in its own text. */
public final class Workbooks {
  private Workbooks() {}

  /** One sheet; each row's cells in order. A cell that is a Number is written as a numeric cell. */
  public static byte[] xlsx(Object[]... rows) {
    return write(new XSSFWorkbook(), rows);
  }

  /** The same, as an Excel 97-2003 .xls file. */
  public static byte[] xls(Object[]... rows) {
    return write(new org.apache.poi.hssf.usermodel.HSSFWorkbook(), rows);
  }

  /** A cell holding a formula; the workbook is saved with its computed value, as Excel does. */
  public record Formula(String text) {}

  private static org.apache.poi.ss.usermodel.CellStyle dateStyle(org.apache.poi.ss.usermodel.Workbook wb) {
    var style = wb.createCellStyle();
    style.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("d/m/yyyy"));
    return style;
  }

  private static byte[] write(org.apache.poi.ss.usermodel.Workbook workbook, Object[]... rows) {
    try (org.apache.poi.ss.usermodel.Workbook wb = workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("ข้อมูล");
      for (int r = 0; r < rows.length; r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          Object v = rows[r][c];
          if (v instanceof Number n) {
            row.createCell(c).setCellValue(n.doubleValue());
          } else if (v instanceof java.time.LocalDate d) {
            var cell = row.createCell(c);
            cell.setCellValue(d);
            cell.setCellStyle(dateStyle(wb));
          } else if (v instanceof Formula f) {
            row.createCell(c).setCellFormula(f.text());
          } else if (v != null) {
            row.createCell(c).setCellValue(v.toString());
          }
        }
      }
      wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
      wb.write(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
