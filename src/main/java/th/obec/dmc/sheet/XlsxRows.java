package th.obec.dmc.sheet;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sheets of an .xlsx in order, each streamed with SAX straight from the sheet's XML: memory stays flat
 * whatever the number of rows. POI's own sheet handler builds a rich-text object per cell, which made
 * it the slowest part of an upload; this reads the values and nothing else. Numbers keep every digit
 * (a 13-digit ID typed as a number is not 1.1E+12), date-formatted numbers become ISO dates, and a
 * formula gives its cached value. The XML reader is POI's hardened one (no DTDs, no external entities).
 * Every cap is checked as the XML streams, before the excess is held: rows (blank ones too), columns,
 * characters per cell, the shared strings and the styles part.
 */
final class XlsxRows {
  private XlsxRows() {}

  static void read(OPCPackage pkg, SheetLimits limits, RowSink sink) throws Exception {
    XSSFReader reader = new XSSFReader(pkg);
    // A workbook written with inline strings has no shared-strings part, which is normal: asking POI for it
    // anyway logs a warning, so the part is looked for first.
    boolean shared = !pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType()).isEmpty();
    SharedStrings strings = shared ? sharedStrings(reader, limits) : new SharedStrings(limits);
    DateStyles styles = styles(reader, limits);
    XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
    while (sheets.hasNext()) {
      try (InputStream sheet = sheets.next()) {
        sink.sheet(sheets.getSheetName());
        parse(sheet, new SheetHandler(strings, styles, limits, sink));
      }
    }
  }

  private static void parse(InputStream in, DefaultHandler handler) throws Exception {
    StaxSax.parse(in, handler);
  }

  private static SharedStrings sharedStrings(XSSFReader reader, SheetLimits limits) throws Exception {
    SharedStrings strings = new SharedStrings(limits);
    InputStream data;
    try {
      data = reader.getSharedStringsData();
    } catch (Exception e) {
      return strings; // a workbook without shared strings: every text is inline
    }
    if (data == null) return strings;
    try (InputStream in = data) {
      parse(in, new SharedStringsHandler(strings));
    }
    return strings;
  }

  private static DateStyles styles(XSSFReader reader, SheetLimits limits) throws Exception {
    DateStyles styles = new DateStyles();
    InputStream data;
    try {
      data = reader.getStylesData();
    } catch (Exception e) {
      return styles;
    }
    if (data == null) return styles;
    try (InputStream in = new LimitedInputStream(data, limits.maxStylesBytes(),
        () -> SheetProblems.stylesTooLarge(limits.maxStylesBytes()))) {
      parse(in, styles);
    }
    return styles;
  }

  /** Each {@code <si>} is one string: the text of its {@code <t>} runs, leaving out phonetic runs. */
  private static final class SharedStringsHandler extends DefaultHandler {
    private final SharedStrings strings;
    private final StringBuilder text = new StringBuilder();
    private boolean inT;
    private boolean inPhonetic;

    SharedStringsHandler(SharedStrings strings) {
      this.strings = strings;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      switch (local) {
        case "si" -> text.setLength(0);
        case "rPh" -> inPhonetic = true;
        case "t" -> inT = !inPhonetic;
        default -> { }
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      switch (local) {
        case "si" -> strings.add(text);
        case "rPh" -> inPhonetic = false;
        case "t" -> inT = false;
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!inT) return;
      if (text.length() + length > SheetLimits.MAX_CELL_CHARS) {
        throw SheetProblems.tooManyStrings("string " + (strings.size() + 1) + " is longer than "
            + SheetLimits.MAX_CELL_CHARS + " characters");
      }
      text.append(ch, start, length);
    }
  }

  /**
   * Which cell styles show a date: the number format of each {@code <xf>} of {@code cellXfs}, and the
   * workbook's own formats. Read by SAX from a capped stream, not by POI's StylesTable, which loads
   * the whole part as objects.
   */
  static final class DateStyles extends DefaultHandler {
    private final Map<Integer, String> formats = new HashMap<>();
    private final List<Integer> styleFormats = new ArrayList<>();
    private final Map<Integer, Boolean> dates = new HashMap<>();
    private boolean inCellXfs;

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      switch (local) {
        case "numFmt" -> {
          Integer id = smallInt(atts.getValue("numFmtId"));
          if (id != null) formats.put(id, atts.getValue("formatCode"));
        }
        case "cellXfs" -> inCellXfs = true;
        case "xf" -> {
          if (inCellXfs) {
            Integer id = smallInt(atts.getValue("numFmtId"));
            styleFormats.add(id == null ? 0 : id);
          }
        }
        default -> { }
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (local.equals("cellXfs")) inCellXfs = false;
    }

    boolean isDate(int style) {
      if (style <= 0 || style >= styleFormats.size()) return false;
      return dates.computeIfAbsent(style, s -> {
        int format = styleFormats.get(s);
        String code = formats.containsKey(format) ? formats.get(format) : BuiltinFormats.getBuiltinFormat(format);
        return code != null && DateUtil.isADateFormat(format, code);
      });
    }
  }

  /** A non-negative number of at most nine digits, or null: attributes of a hostile file may say anything. */
  static Integer smallInt(String s) {
    if (s == null || s.isEmpty() || s.length() > 9) return null;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static final class SheetHandler extends DefaultHandler {
    private final SharedStrings strings;
    private final DateStyles styles;
    private final SheetLimits limits;
    private final RowSink sink;
    private final StringBuilder text = new StringBuilder();
    private List<String> cells;
    private int rowsSeen;
    private int rowNumber;
    private int nextRow = 1;
    private int column;
    private String type;
    private int style;
    private boolean capture;

    SheetHandler(SharedStrings strings, DateStyles styles, SheetLimits limits, RowSink sink) {
      this.strings = strings;
      this.styles = styles;
      this.limits = limits;
      this.sink = sink;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      switch (local) {
        case "row" -> {
          if (++rowsSeen > limits.maxSheetRows()) throw SheetProblems.tooManyRows(limits.maxRows());
          Integer r = smallInt(atts.getValue("r"));
          rowNumber = r == null || r < nextRow ? nextRow : r;
          nextRow = rowNumber + 1;
          cells = new ArrayList<>();
        }
        case "c" -> {
          String ref = atts.getValue("r");
          int col = ref == null ? -1 : CellRef.column(ref, limits.maxColumns());
          column = col < 0 ? cells.size() : col;
          if (column >= limits.maxColumns()) {
            throw SheetProblems.tooManyColumns(rowNumber,
                ref != null && ref.length() <= 12 ? ref.replaceAll("[0-9]", "") : "> " + limits.maxColumns(),
                limits.maxColumns());
          }
          type = atts.getValue("t");
          Integer s = smallInt(atts.getValue("s"));
          style = s == null ? 0 : s;
          text.setLength(0);
        }
        case "v", "t" -> capture = true;
        default -> { }
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      switch (local) {
        case "v", "t" -> capture = false;
        case "c" -> {
          if (column < cells.size()) {
            cells.set(column, value(text.toString()));
          } else {
            while (cells.size() < column) cells.add("");
            cells.add(value(text.toString()));
          }
        }
        case "row" -> sink.row(rowNumber, cells);
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (!capture) return;
      if (text.length() + length > SheetLimits.MAX_CELL_CHARS) {
        throw SheetProblems.cellTooLong(rowNumber, CellRef.letters(column));
      }
      text.append(ch, start, length);
    }

    private String value(String raw) {
      if (type == null || type.equals("n")) return number(raw);
      return switch (type) {
        case "s" -> {
          if (raw.isBlank()) yield "";
          Integer index = smallInt(raw.trim());
          String s = index == null ? null : strings.get(index);
          yield s == null ? "" : s;
        }
        case "b" -> "1".equals(raw) ? "TRUE" : "FALSE";
        default -> raw; // inlineStr, str (a formula's text), e (an error such as #N/A)
      };
    }

    private String number(String raw) {
      if (raw.isEmpty()) return "";
      if (raw.length() > 64) return raw; // not a number Excel writes; the validator will say what it is
      try {
        if (styles.isDate(style)) {
          double serial = Double.parseDouble(raw);
          if (DateUtil.isValidExcelDate(serial)) return DateUtil.getLocalDateTime(serial).toLocalDate().toString();
        }
        BigDecimal n = new BigDecimal(raw);
        // "1E999999999" is a short text whose plain form is a billion digits.
        if (Math.abs((long) n.scale()) > 40) return raw;
        return n.stripTrailingZeros().toPlainString();
      } catch (NumberFormatException | ArithmeticException e) {
        return raw;
      }
    }
  }
}
