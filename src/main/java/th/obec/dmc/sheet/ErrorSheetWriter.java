package th.obec.dmc.sheet;

import java.util.HashSet;
import java.util.Set;
import org.apache.poi.ss.usermodel.Cell;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The rejected rows of an upload, laid out like the template so the school can fix them in place and
 * upload the file again: offending cells shaded with the reason as a comment, and an error column in Thai.
 * Blocking: run it on the sheets worker pool.
 */
public final class ErrorSheetWriter {
  /** Rows whose bad cells also get a comment; every row gets the error column. */
  static final int COMMENTED_ROWS = 1_000;

  private ErrorSheetWriter() {}

  /** {@code rows}: as the upload stored them. */
  public static WorkbookFile write(SheetSpec whole, List<FlaggedRow> rows, String uploadId) {
    // The template's columns, and of the portal's extra fields those the rows hold or are faulted on.
    Set<String> used = new HashSet<>();
    for (FlaggedRow r : rows) {
      for (JsonObject part : new JsonObject[] {r.cells(), r.errors(), r.warnings()}) {
        if (part != null) used.addAll(part.fieldNames());
      }
    }
    SheetSpec spec = whole.withColumns(c -> c.inTemplate() || used.contains(c.key()));
    try (SXSSFWorkbook wb = new SXSSFWorkbook(new XSSFWorkbook(), TemplateWriter.STREAM_WINDOW, false, true);
         ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      WorkbookStyles styles = new WorkbookStyles(wb);
      Sheet sheet = wb.createSheet(spec.sheetNameTh());
      TemplateWriter.writeHeader(sheet, spec, styles);
      List<ColumnSpec> columns = spec.columns();
      int errorCol = columns.size();
      int originalCol = columns.size() + 1;
      header(sheet, errorCol, "ข้อผิดพลาด", "Errors", styles, 60);
      header(sheet, originalCol, "แถวเดิม", "Original row", styles, 10);
      // A roll read from several sheets: its row numbers repeat, so each row names its sheet too.
      boolean sheets = rows.stream().anyMatch(r -> r.sheet() != null);
      if (sheets) header(sheet, originalCol + 1, "แผ่นงานเดิม", "Original sheet", styles, 20);
      Drawing<?> drawing = sheet.createDrawingPatriarch();
      CreationHelper factory = wb.getCreationHelper();
      for (int i = 0; i < rows.size(); i++) {
        FlaggedRow r = rows.get(i);
        JsonObject cells = r.cells();
        JsonObject errors = r.errors();
        JsonObject warnings = r.warnings() == null ? new JsonObject() : r.warnings();
        Row row = sheet.createRow(i + 2);
        StringBuilder summary = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
          ColumnSpec col = columns.get(c);
          var cell = row.createCell(c);
          String text = cells.getString(col.key(), "");
          cell.setCellValue(text);
          cell.setCellStyle(ReportWriter.looksLikeFormula(text) ? styles.literal : styles.text);
          String message = errors.getString(col.key());
          boolean warning = message == null && warnings.getString(col.key()) != null;
          if (warning) message = "คำเตือน / Warning: " + warnings.getString(col.key());
          if (message == null) continue;
          cell.setCellStyle(warning ? styles.warn : styles.bad);
          if (i < COMMENTED_ROWS) comment(drawing, factory, cell, c, i + 2, message);
          if (summary.length() > 0) summary.append("; ");
          summary.append(col.headerTh()).append(": ").append(message);
        }
        row.createCell(errorCol).setCellValue(summary.toString());
        row.createCell(originalCol).setCellValue(r.row());
        if (sheets) row.createCell(originalCol + 1).setCellValue(r.sheet() == null ? "" : r.sheet());
      }
      wb.write(out);
      return new WorkbookFile(out.toByteArray(), spec.kind() + "-errors-" + uploadId + ".xlsx",
          "ข้อผิดพลาด" + spec.sheetNameTh() + ".xlsx");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reason beside the cell. Comments stay in memory until the end, so only the first rows get one. */
  private static void comment(Drawing<?> drawing, CreationHelper factory, Cell cell,
                              int c, int rowIndex, String message) {
    ClientAnchor anchor = factory.createClientAnchor();
    anchor.setCol1(c);
    anchor.setCol2(c + 3);
    anchor.setRow1(rowIndex);
    anchor.setRow2(rowIndex + 3);
    Comment comment = drawing.createCellComment(anchor);
    comment.setString(factory.createRichTextString(message));
    cell.setCellComment(comment);
  }

  private static void header(Sheet sheet, int col, String th, String en, WorkbookStyles styles, int width) {
    var a = sheet.getRow(0).createCell(col);
    a.setCellValue(th);
    a.setCellStyle(styles.headerTh);
    var b = sheet.getRow(1).createCell(col);
    b.setCellValue(en);
    b.setCellStyle(styles.headerEn);
    sheet.setColumnWidth(col, width * 256);
  }
}
