package th.obec.dmc.sheet;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Workbook;

/** The few cell styles every workbook the server writes uses, made once per workbook. */
final class WorkbookStyles {
  final CellStyle headerTh;
  final CellStyle headerEn;
  final CellStyle text;
  /** Text that would read as a formula (= + - @): written with Excel's quote prefix, so it stays text. */
  final CellStyle literal;
  final CellStyle bad;
  /** A cell with a warning: shaded apart from the errors, the row still stored. */
  final CellStyle warn;
  final CellStyle title;

  WorkbookStyles(Workbook wb) {
    Font bold = wb.createFont();
    bold.setBold(true);
    headerTh = wb.createCellStyle();
    headerTh.setFont(bold);
    headerTh.setFillForegroundColor(IndexedColors.LIGHT_CORNFLOWER_BLUE.getIndex());
    headerTh.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    headerTh.setWrapText(true);

    Font italic = wb.createFont();
    italic.setItalic(true);
    italic.setColor(IndexedColors.GREY_50_PERCENT.getIndex());
    headerEn = wb.createCellStyle();
    headerEn.setFont(italic);
    headerEn.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    headerEn.setFillPattern(FillPatternType.SOLID_FOREGROUND);

    text = wb.createCellStyle();
    text.setDataFormat(wb.createDataFormat().getFormat("@"));

    literal = wb.createCellStyle();
    literal.cloneStyleFrom(text);
    literal.setQuotePrefixed(true);

    // A flagged cell holds what the school typed, a formula-like text included: always quote-prefixed.
    bad = wb.createCellStyle();
    bad.cloneStyleFrom(literal);
    bad.setFillForegroundColor(IndexedColors.ROSE.getIndex());
    bad.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    warn = wb.createCellStyle();
    warn.cloneStyleFrom(literal);
    warn.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
    warn.setFillPattern(FillPatternType.SOLID_FOREGROUND);

    Font big = wb.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 14);
    title = wb.createCellStyle();
    title.setFont(big);
  }
}
