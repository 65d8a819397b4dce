package th.obec.dmc.sheet;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The first sheet of an .xlsx, streamed with SAX straight from the sheet's XML: memory stays flat
 * whatever the number of rows. POI's own sheet handler builds a rich-text object per cell, which made
 * it the slowest part of an upload; this reads the values and nothing else. Numbers keep every digit
 * (a 13-digit ID typed as a number is not 1.1E+12), date-formatted numbers become ISO dates, and a
 * formula gives its cached value. The XML reader is POI's hardened one (no DTDs, no external entities).
 */
final class XlsxRows {
  private XlsxRows() {}

  static void read(OPCPackage pkg, BiConsumer<Integer, List<String>> sink) throws Exception {
    XSSFReader reader = new XSSFReader(pkg);
    List<String> strings = sharedStrings(reader);
    StylesTable styles = reader.getStylesTable();
    var sheets = reader.getSheetsData();
    if (!sheets.hasNext()) return;
    try (InputStream sheet = sheets.next()) {
      XMLReader xml = XMLHelper.newXMLReader();
      xml.setContentHandler(new SheetHandler(strings, styles, sink));
      xml.parse(new InputSource(sheet));
    }
  }

  private static List<String> sharedStrings(XSSFReader reader) throws Exception {
    List<String> strings = new ArrayList<>();
    InputStream data;
    try {
      data = reader.getSharedStringsData();
    } catch (Exception e) {
      return strings; // a workbook without shared strings: every text is inline
    }
    if (data == null) return strings;
    try (InputStream in = data) {
      XMLReader xml = XMLHelper.newXMLReader();
      xml.setContentHandler(new SharedStringsHandler(strings));
      xml.parse(new InputSource(in));
    }
    return strings;
  }

  /** Each {@code <si>} is one string: the text of its {@code <t>} runs, leaving out phonetic runs. */
  private static final class SharedStringsHandler extends DefaultHandler {
    private final List<String> strings;
    private final StringBuilder text = new StringBuilder();
    private boolean inT;
    private boolean inPhonetic;

    SharedStringsHandler(List<String> strings) {
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
        case "si" -> strings.add(text.toString());
        case "rPh" -> inPhonetic = false;
        case "t" -> inT = false;
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (inT) text.append(ch, start, length);
    }
  }

  private static final class SheetHandler extends DefaultHandler {
    private final List<String> strings;
    private final StylesTable styles;
    private final BiConsumer<Integer, List<String>> sink;
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private final StringBuilder text = new StringBuilder();
    private List<String> cells;
    private int rowNumber;
    private int nextRow = 1;
    private int column;
    private String type;
    private int style;
    private boolean capture;

    SheetHandler(List<String> strings, StylesTable styles, BiConsumer<Integer, List<String>> sink) {
      this.strings = strings;
      this.styles = styles;
      this.sink = sink;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes atts) {
      switch (local) {
        case "row" -> {
          String r = atts.getValue("r");
          rowNumber = r == null ? nextRow : Integer.parseInt(r);
          nextRow = rowNumber + 1;
          cells = new ArrayList<>();
        }
        case "c" -> {
          String ref = atts.getValue("r");
          column = ref == null ? cells.size() : columnOf(ref);
          type = atts.getValue("t");
          String s = atts.getValue("s");
          style = s == null ? 0 : Integer.parseInt(s);
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
          while (cells.size() < column) cells.add("");
          cells.add(value(text.toString()));
        }
        case "row" -> sink.accept(rowNumber, cells);
        default -> { }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (capture) text.append(ch, start, length);
    }

    private String value(String raw) {
      if (type == null || type.equals("n")) return number(raw);
      return switch (type) {
        case "s" -> raw.isEmpty() ? "" : strings.get(Integer.parseInt(raw.trim()));
        case "b" -> "1".equals(raw) ? "TRUE" : "FALSE";
        default -> raw; // inlineStr, str (a formula's text), e (an error such as #N/A)
      };
    }

    private String number(String raw) {
      if (raw.isEmpty()) return "";
      try {
        if (isDateStyle(style)) {
          double serial = Double.parseDouble(raw);
          if (DateUtil.isValidExcelDate(serial)) return DateUtil.getLocalDateTime(serial).toLocalDate().toString();
        }
        return new BigDecimal(raw).stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return raw;
      }
    }

    private boolean isDateStyle(int index) {
      if (index == 0 || styles == null) return false;
      return dateStyles.computeIfAbsent(index, i -> {
        XSSFCellStyle cellStyle = styles.getStyleAt(i);
        return cellStyle != null && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
      });
    }

    /** "AB12" is column 27 counted from 0: the letters are a base-26 number. */
    private static int columnOf(String ref) {
      int col = 0;
      for (int i = 0; i < ref.length(); i++) {
        char c = ref.charAt(i);
        if (c < 'A' || c > 'Z') break;
        col = col * 26 + (c - 'A' + 1);
      }
      return col - 1;
    }
  }
}
