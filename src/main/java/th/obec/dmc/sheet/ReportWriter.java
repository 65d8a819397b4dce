package th.obec.dmc.sheet;

import java.math.BigDecimal;
import org.apache.poi.ss.util.CellReference;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A report workbook written as SpreadsheetML straight into a ZIP on disk, a row at a time: constant memory
 * whatever the number of rows. POI's SXSSF did the same at about 1.5 µs a cell on this machine, which made a
 * 100,000-student area workbook take 5.8 s; writing the XML directly takes 1.0 s for a 100,000-row sheet against
 * 2.2-4.6 s with SXSSF (measured here with the writers alone). Every sheet has
 * a title row, Thai headers with English beneath, frozen panes, an autofilter and widths from the column
 * specs; IDs and codes are text cells; text that looks like a formula (= + - @) is quote-prefixed, never a
 * formula. Blocking: use it on a worker.
 */
public final class ReportWriter implements AutoCloseable {
  private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  /** Cell styles, as indexes into styles.xml's cellXfs. */
  private static final int TEXT = 1;
  private static final int LITERAL = 2;
  private static final int HEADER_TH = 3;
  private static final int HEADER_EN = 4;
  private static final int TITLE = 5;

  private final Path file;
  private final ZipOutputStream zip;
  private final Writer out;
  private final List<String> sheetNames = new ArrayList<>();
  private final List<String> filters = new ArrayList<>();
  private List<ColumnSpec> columns;
  private String[] letters;
  private int next;
  /** The row of the headers the filter sits on: 3 under Thai and English headers, 2 under one row. */
  private int headerRow = 3;
  private boolean finished;

  public ReportWriter() {
    try {
      file = Files.createTempFile("dmc-report-", ".xlsx.part");
      zip = new ZipOutputStream(Files.newOutputStream(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    zip.setLevel(Deflater.BEST_SPEED);
    out = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Starts a sheet: the title row, then the Thai and English headers of the given columns. */
  public void sheet(String name, String title, List<ColumnSpec> columns) {
    try {
      startSheet(name, title, columns, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a sheet in another system's layout: the title row, then one header row exactly as given. */
  public void sheet(String name, String title, List<ColumnSpec> columns, List<String> headers) {
    try {
      startSheet(name, title, columns, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startSheet(String name, String title, List<ColumnSpec> columns, List<String> headers) throws IOException {
    endSheet();
    this.columns = columns;
    letters = new String[columns.size()];
    for (int i = 0; i < letters.length; i++) letters[i] = CellReference.convertNumToColString(i);
    sheetNames.add(name.length() > 31 ? name.substring(0, 31) : name);
    zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + sheetNames.size() + ".xml"));
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN
        + "\" xmlns:r=\"" + RELS + "\"><sheetViews><sheetView workbookViewId=\"0\">"
        + (headers == null ? "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            : "<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        + "<selection pane=\"bottomLeft\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>");
    for (int i = 0; i < columns.size(); i++) {
      out.write("<col min=\"" + (i + 1) + "\" max=\"" + (i + 1) + "\" width=\"" + (Math.min(255, columns.get(i).width() + 2))
          + "\" customWidth=\"1\"" + (columns.get(i).isTextual() ? " style=\"" + TEXT + "\"" : "") + "/>");
    }
    out.write("</cols><sheetData>");
    next = 0;
    List<String> th = new ArrayList<>();
    List<String> en = new ArrayList<>();
    columns.forEach(c -> {
      th.add(c.headerTh());
      en.add(c.headerEn());
    });
    textRow(List.of(title), TITLE);
    if (headers != null) {
      headerRow = 2;
      textRow(headers, HEADER_TH);
      return;
    }
    headerRow = 3;
    textRow(th, HEADER_TH);
    textRow(en, HEADER_EN);
  }

  /** One row in the sheet's column order; numbers for numeric columns, text (labels for codes) otherwise. */
  public void row(List<?> values) {
    try {
      writeRow(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeRow(List<?> values) throws IOException {
    String r = String.valueOf(++next);
    out.write("<row r=\"");
    out.write(r);
    out.write("\">");
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) continue;
      ColumnSpec c = columns.get(i);
      if (v instanceof Number n && !c.isTextual()) {
        out.write("<c r=\"");
        out.write(letters[i]);
        out.write(r);
        out.write("\"><v>");
        out.write(number(n));
        out.write("</v></c>");
      } else {
        String s = c.codes().isEmpty() ? v.toString() : c.label(v.toString());
        inline(letters[i], r, s, looksLikeFormula(s) ? LITERAL : TEXT);
      }
    }
    out.write("</row>");
  }

  private void textRow(List<String> texts, int style) throws IOException {
    int r = ++next;
    out.write("<row r=\"" + r + "\">");
    for (int i = 0; i < texts.size(); i++) inline(CellReference.convertNumToColString(i), String.valueOf(r), texts.get(i), style);
    out.write("</row>");
  }

  private void inline(String column, String row, String text, int style) throws IOException {
    out.write("<c r=\"");
    out.write(column);
    out.write(row);
    out.write("\" t=\"inlineStr\" s=\"");
    out.write(style == TEXT ? "1" : String.valueOf(style));
    out.write("\"><is><t xml:space=\"preserve\">");
    escape(text);
    out.write("</t></is></c>");
  }

  private void endSheet() throws IOException {
    if (columns == null) return;
    String range = "A" + headerRow + ":" + CellReference.convertNumToColString(columns.size() - 1) + Math.max(4, next);
    out.write("</sheetData><autoFilter ref=\"" + range + "\"/></worksheet>");
    out.flush();
    zip.closeEntry();
    filters.add(range);
    columns = null;
  }

  /** Finishes the workbook and copies it to {@code target}. */
  public void write(OutputStream target) throws IOException {
    finish();
    Files.copy(file, target);
  }

  private void finish() throws IOException {
    if (finished) return;
    finished = true;
    endSheet();
    entry("[Content_Types].xml", contentTypes());
    entry("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
        + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + RELS
        + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    entry("xl/workbook.xml", workbook());
    entry("xl/_rels/workbook.xml.rels", workbookRels());
    entry("xl/styles.xml", STYLES);
    out.flush();
    zip.finish();
    zip.close();
  }

  private void entry(String name, String xml) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    out.write(xml);
    out.flush();
    zip.closeEntry();
  }

  private String contentTypes() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
    for (int i = 1; i <= sheetNames.size(); i++) {
      sb.append("<Override PartName=\"/xl/worksheets/sheet").append(i)
          .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
    }
    return sb.append("</Types>").toString();
  }

  private String workbook() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\""
        + MAIN + "\" xmlns:r=\"" + RELS + "\"><sheets>");
    for (int i = 0; i < sheetNames.size(); i++) {
      sb.append("<sheet name=\"").append(attr(sheetNames.get(i))).append("\" sheetId=\"").append(i + 1)
          .append("\" r:id=\"rId").append(i + 1).append("\"/>");
    }
    sb.append("</sheets><definedNames>");
    for (int i = 0; i < filters.size(); i++) {
      String[] ends = filters.get(i).split(":");
      sb.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"").append(i).append("\" hidden=\"1\">'")
          .append(attr(sheetNames.get(i).replace("'", "''"))).append("'!").append(absolute(ends[0])).append(':')
          .append(absolute(ends[1])).append("</definedName>");
    }
    return sb.append("</definedNames></workbook>").toString();
  }

  private String workbookRels() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (int i = 1; i <= sheetNames.size(); i++) {
      sb.append("<Relationship Id=\"rId").append(i).append("\" Type=\"").append(RELS)
          .append("/worksheet\" Target=\"worksheets/sheet").append(i).append(".xml\"/>");
    }
    sb.append("<Relationship Id=\"rId").append(sheetNames.size() + 1).append("\" Type=\"").append(RELS)
        .append("/styles\" Target=\"styles.xml\"/>");
    return sb.append("</Relationships>").toString();
  }

  private static String absolute(String ref) {
    int digit = 0;
    while (digit < ref.length() && !Character.isDigit(ref.charAt(digit))) digit++;
    return "$" + ref.substring(0, digit) + "$" + ref.substring(digit);
  }

  private static String number(Number n) {
    if (n instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
    return n.toString();
  }

  /** XML text: markup characters escaped, characters XML 1.0 cannot hold left out. */
  private void escape(String s) throws IOException {
    if (plain(s)) {
      out.write(s);
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.write("&amp;");
        case '<' -> out.write("&lt;");
        case '>' -> out.write("&gt;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.write(c);
        }
      }
    }
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '&' || c == '<' || c == '>' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) return false;
    }
    return true;
  }

  private static String attr(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }

  /** Text a spreadsheet would read as a formula if it were typed: it begins with = + - or @. */
  public static boolean looksLikeFormula(String s) {
    return !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      try {
        zip.close();
      } catch (IOException ignored) {
        // the part file is deleted below either way
      }
    }
    Files.deleteIfExists(file);
  }

  /** Styles: 0 default, 1 text, 2 quote-prefixed text, 3 Thai header, 4 English header, 5 title. */
  private static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\""
      + MAIN + "\">"
      + "<fonts count=\"4\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
      + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font>"
      + "<font><i/><sz val=\"11\"/><color rgb=\"FF808080\"/><name val=\"Calibri\"/></font>"
      + "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/></font></fonts>"
      + "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
      + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFCCCCFF\"/></patternFill></fill>"
      + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFC0C0C0\"/></patternFill></fill></fills>"
      + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      + "<cellXfs count=\"6\">"
      + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" quotePrefix=\"1\"/>"
      + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>"
      + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
      + "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
      + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
}
