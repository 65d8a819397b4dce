package th.obec.dmc.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A one-sheet workbook in the shape openpyxl 3.0 (Debian's python3-openpyxl) writes with
 * {@code ws.append(...)}: every text an inline string whose non-ASCII characters are numeric character
 * references ({@code &#3594;} for ช), an empty text an empty inline-string cell, numbers as {@code t="n"},
 * no shared strings, no styles on cells. Schools' own scripts and many conversion tools write this shape;
 * Thai text makes its sheet XML about five times the size of Excel's for the same rows, so it is the
 * hardest fair file for the reader. Checked against a file openpyxl itself wrote (docs/benchmarks.md).
 */
public final class OpenpyxlWorkbook {
  private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String REL = "http://schemas.openxmlformats.org/package/2006/relationships";
  private static final String DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  private OpenpyxlWorkbook() {}

  /** {@code rows.apply(i)} for i in [0, count) gives row i's cells: a String, a Number, or null for none. */
  public static byte[] write(String sheetName, List<String> header, int count, IntFunction<List<Object>> rows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      Writer out = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
      part(zip, out, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
          + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
          + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
          + "</Types>");
      part(zip, out, "_rels/.rels", "<Relationships xmlns=\"" + REL + "\"><Relationship Id=\"rId1\" Type=\"" + DOC_REL
          + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
      part(zip, out, "xl/workbook.xml", "<workbook xmlns=\"" + MAIN + "\"><workbookPr/><workbookProtection/><bookViews>"
          + "<workbookView visibility=\"visible\" minimized=\"0\" showHorizontalScroll=\"1\" showVerticalScroll=\"1\""
          + " showSheetTabs=\"1\" tabRatio=\"600\" firstSheet=\"0\" activeTab=\"0\" autoFilterDateGrouping=\"1\"/></bookViews>"
          + "<sheets><sheet xmlns:r=\"" + DOC_REL + "\" name=\"" + sheetName + "\" sheetId=\"1\" state=\"visible\" r:id=\"rId1\"/>"
          + "</sheets><definedNames/><calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
      part(zip, out, "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + REL + "\">"
          + "<Relationship Id=\"rId1\" Type=\"" + DOC_REL + "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
          + "<Relationship Id=\"rId2\" Type=\"" + DOC_REL + "/styles\" Target=\"styles.xml\"/></Relationships>");
      part(zip, out, "xl/styles.xml", "<styleSheet xmlns=\"" + MAIN + "\"><numFmts count=\"0\"/><fonts count=\"1\"><font>"
          + "<name val=\"Calibri\"/><family val=\"2\"/><sz val=\"11\"/></font></fonts><fills count=\"1\"><fill><patternFill/>"
          + "</fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
          + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
          + "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" pivotButton=\"0\" quotePrefix=\"0\"/>"
          + "</cellXfs></styleSheet>");
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      out.write("<worksheet xmlns=\"" + MAIN + "\"><sheetPr><outlinePr summaryBelow=\"1\" summaryRight=\"1\"/><pageSetUpPr/>"
          + "</sheetPr><dimension ref=\"A1:" + (char) ('A' + header.size() - 1) + (count + 1) + "\"/><sheetViews>"
          + "<sheetView workbookViewId=\"0\"><selection activeCell=\"A1\" sqref=\"A1\"/></sheetView></sheetViews>"
          + "<sheetFormatPr baseColWidth=\"8\" defaultRowHeight=\"15\"/><sheetData>");
      row(out, 1, List.copyOf(header));
      for (int i = 0; i < count; i++) row(out, i + 2, rows.apply(i));
      out.write("</sheetData><pageMargins left=\"0.75\" right=\"0.75\" top=\"1\" bottom=\"1\" header=\"0.5\" footer=\"0.5\"/>"
          + "</worksheet>");
      out.flush();
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void part(ZipOutputStream zip, Writer out, String name, String xml) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    out.write(xml);
    out.flush();
    zip.closeEntry();
  }

  private static void row(Writer out, int r, List<?> cells) throws IOException {
    out.write("<row r=\"" + r + "\">");
    for (int c = 0; c < cells.size(); c++) {
      Object v = cells.get(c);
      if (v == null) continue;
      String ref = (char) ('A' + c) + Integer.toString(r);
      if (v instanceof Number) {
        out.write("<c r=\"" + ref + "\" t=\"n\"><v>" + v + "</v></c>");
      } else if (v.toString().isEmpty()) {
        out.write("<c r=\"" + ref + "\" t=\"inlineStr\"></c>");
      } else {
        out.write("<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>");
        text(out, v.toString());
        out.write("</t></is></c>");
      }
    }
    out.write("</row>");
  }

  /** ASCII as it is, markup escaped, every other character as a numeric reference, as ElementTree does in ASCII. */
  private static void text(Writer out, String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.write("&amp;");
        case '<' -> out.write("&lt;");
        case '>' -> out.write("&gt;");
        default -> {
          if (ch < 128) out.write(ch);
          else out.write("&#" + s.codePointAt(i) + ";");
          if (Character.isHighSurrogate(ch)) i++;
        }
      }
    }
  }
}
