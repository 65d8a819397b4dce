package th.obec.dmc.sheet;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the workbook a school fills in, from the column spec alone: Thai and English header rows,
 * frozen; ID and code columns typed as text; drop-downs for code columns; instructions; code lists.
 * Blocking: run it on the sheets worker pool.
 */
public final class TemplateWriter {
  static final int DATA_ROWS = 2000;
  static final String CODES_SHEET = "รายการรหัส (Codes)";
  /** Rows SXSSF keeps in memory before it writes them out. */
  static final int STREAM_WINDOW = 200;

  private TemplateWriter() {}

  /** The blank workbook: the columns a school fills in, without the portal's extra fields the reader also takes. */
  public static WorkbookFile template(SheetSpec spec) {
    return filled(spec.forTemplate(), List.of(), spec.kind() + "-template.xlsx", "แบบฟอร์ม" + spec.sheetNameTh() + ".xlsx");
  }

  /**
   * The template with rows already in it, each in the spec's column order, codes shown by their Thai labels:
   * the existence workbook (the roll, to mark) and the area's lists. Rows stream through SXSSF, a window
   * at a time, so a school of 5,000 students is never a workbook of cell objects in memory. Text goes to
   * the shared-strings table, as Excel writes it, so a file edited by any tool reads back the same.
   */
  public static WorkbookFile filled(SheetSpec spec, List<String[]> rows, String asciiName, String thaiName) {
    try (SXSSFWorkbook wb = new SXSSFWorkbook(new XSSFWorkbook(), STREAM_WINDOW, false, true);
         ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      WorkbookStyles styles = new WorkbookStyles(wb);
      Sheet data = wb.createSheet(spec.sheetNameTh());
      writeHeader(data, spec, styles);
      for (int r = 0; r < rows.size(); r++) {
        Row row = data.createRow(r + 2);
        String[] values = rows.get(r);
        for (int c = 0; c < values.length; c++) {
          if (values[c] == null) continue;
          Cell cell = row.createCell(c);
          String text = spec.columns().get(c).label(values[c]);
          cell.setCellValue(text);
          cell.setCellStyle(ReportWriter.looksLikeFormula(text) ? styles.literal : styles.text);
        }
      }
      data.setAutoFilter(new CellRangeAddress(1, Math.max(2, rows.size() + 1), 0,
          spec.columns().size() - 1));
      writeCodes(wb, spec, styles);
      addDropDowns(wb, data, spec);
      writeInstructions(wb, spec, styles);
      wb.setActiveSheet(0);
      wb.write(out);
      return new WorkbookFile(out.toByteArray(), asciiName, thaiName);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Row 1 Thai headers, row 2 English, both frozen; textual columns formatted as text. */
  static void writeHeader(Sheet sheet, SheetSpec spec, WorkbookStyles styles) {
    Row th = sheet.createRow(0);
    Row en = sheet.createRow(1);
    List<ColumnSpec> columns = spec.columns();
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec c = columns.get(i);
      Cell a = th.createCell(i);
      a.setCellValue(c.headerTh() + (c.required() ? " *" : ""));
      a.setCellStyle(styles.headerTh);
      Cell b = en.createCell(i);
      b.setCellValue(c.headerEn());
      b.setCellStyle(styles.headerEn);
      sheet.setColumnWidth(i, Math.min(255, c.width() + 2) * 256);
      if (c.isTextual()) sheet.setDefaultColumnStyle(i, styles.text);
    }
    sheet.createFreezePane(0, 2);
  }

  private static void writeCodes(Workbook wb, SheetSpec spec, WorkbookStyles styles) {
    Sheet codes = wb.createSheet(CODES_SHEET);
    int col = 0;
    for (ColumnSpec c : spec.columns()) {
      if (c.codes().isEmpty()) continue;
      Row header = row(codes, 0);
      Cell h = header.createCell(col);
      h.setCellValue(c.headerTh() + " / " + c.headerEn());
      h.setCellStyle(styles.headerTh);
      for (int i = 0; i < c.codes().size(); i++) {
        row(codes, i + 1).createCell(col).setCellValue(c.codes().get(i).labelTh());
        row(codes, i + 1).createCell(col + 1).setCellValue(c.codes().get(i).labelEn());
      }
      Name name = wb.createName();
      name.setNameName("codes_" + c.key());
      String letter = CellReference.convertNumToColString(col);
      name.setRefersToFormula("'" + CODES_SHEET + "'!$" + letter + "$2:$" + letter + "$" + (c.codes().size() + 1));
      codes.setColumnWidth(col, 30 * 256);
      codes.setColumnWidth(col + 1, 30 * 256);
      col += 3;
    }
  }

  private static void addDropDowns(Workbook wb, Sheet data, SheetSpec spec) {
    DataValidationHelper helper = data.getDataValidationHelper();
    for (int i = 0; i < spec.columns().size(); i++) {
      ColumnSpec c = spec.columns().get(i);
      if (c.codes().isEmpty()) continue;
      DataValidation v = helper.createValidation(helper.createFormulaListConstraint("codes_" + c.key()),
          new CellRangeAddressList(2, DATA_ROWS + 1, i, i));
      v.setShowErrorBox(true);
      v.createErrorBox("ค่าไม่อยู่ในรายการ", "กรุณาเลือกจากรายการ / Choose a value from the list");
      data.addValidationData(v);
    }
  }

  private static void writeInstructions(Workbook wb, SheetSpec spec, WorkbookStyles styles) {
    Sheet sheet = wb.createSheet("คำอธิบาย (Instructions)");
    Cell title = row(sheet, 0).createCell(0);
    title.setCellValue("วิธีกรอก" + spec.titleTh() + " / How to fill in: " + spec.titleEn());
    title.setCellStyle(styles.title);
    String[] lines = {
        "1. กรอกข้อมูลในแผ่นงาน \"" + spec.sheetNameTh() + "\" ตั้งแต่แถวที่ 3 หนึ่งแถวต่อหนึ่งรายการ",
        "2. คอลัมน์ที่มีเครื่องหมาย * ต้องกรอกทุกแถว คอลัมน์ที่เป็นรหัสให้เลือกจากรายการ",
        "3. วันที่ให้กรอกแบบ วว/ดด/ปปปป เป็นปี พ.ศ. เช่น 13/05/2555",
        "4. ห้ามแก้ไขหัวตาราง สลับคอลัมน์ได้ ระบบอ่านจากชื่อหัวตาราง",
        "5. ส่งไฟล์ในระบบ หากมีข้อผิดพลาด ระบบจะแจ้งแถวและคอลัมน์ที่ต้องแก้ไข และให้ดาวน์โหลดไฟล์ข้อผิดพลาดไปแก้ไขได้",
        "Fill one record per row from row 3; columns marked * are required; dates as dd/mm/yyyy (BE)."};
    for (int i = 0; i < lines.length; i++) row(sheet, i + 2).createCell(0).setCellValue(lines[i]);
    int r = lines.length + 3;
    Row head = row(sheet, r++);
    String[] heads = {"คอลัมน์", "Column", "จำเป็น / Required", "คำอธิบาย / Help"};
    for (int i = 0; i < heads.length; i++) {
      Cell cell = head.createCell(i);
      cell.setCellValue(heads[i]);
      cell.setCellStyle(styles.headerTh);
    }
    for (ColumnSpec c : spec.columns()) {
      Row row = row(sheet, r++);
      row.createCell(0).setCellValue(c.headerTh());
      row.createCell(1).setCellValue(c.headerEn());
      row.createCell(2).setCellValue(c.required() ? "ต้องกรอก / yes" : "ไม่บังคับ / no");
      row.createCell(3).setCellValue(c.help());
    }
    for (Map.Entry<Integer, Integer> w : Map.of(0, 28, 1, 22, 2, 18, 3, 90).entrySet()) {
      sheet.setColumnWidth(w.getKey(), w.getValue() * 256);
    }
  }

  private static Row row(Sheet sheet, int index) {
    Row row = sheet.getRow(index);
    return row != null ? row : sheet.createRow(index);
  }
}
