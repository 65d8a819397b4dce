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
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = wb.createSheet("ข้อมูล");
      for (int r = 0; r < rows.length; r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) {
          Object v = rows[r][c];
          if (v instanceof Number n) row.createCell(c).setCellValue(n.doubleValue());
          else if (v != null) row.createCell(c).setCellValue(v.toString());
        }
      }
      wb.write(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
