package th.obec.dmc.sheet;

import org.apache.poi.ooxml.util.SAXHelper;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The first sheet of an .xlsx, streamed with SAX: memory stays flat whatever the number of rows.
 * Cells come as Excel displays them (DataFormatter), so a code typed as a number keeps its digits.
 */
final class XlsxRows {
  private XlsxRows() {}

  static void read(OPCPackage pkg, BiConsumer<Integer, List<String>> sink) throws Exception {
    XSSFReader reader = new XSSFReader(pkg);
    ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
    XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
    if (!sheets.hasNext()) return;
    try (InputStream sheet = sheets.next()) {
      XMLReader xml = SAXHelper.newXMLReader();
      DataFormatter formatter = new PlainDataFormatter();
      xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), strings, new Collector(sink),
          formatter, false));
      xml.parse(new InputSource(sheet));
    }
  }

  private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
    private final BiConsumer<Integer, List<String>> sink;
    private List<String> cells = new ArrayList<>();

    Collector(BiConsumer<Integer, List<String>> sink) {
      this.sink = sink;
    }

    @Override
    public void startRow(int rowNum) {
      cells = new ArrayList<>();
    }

    @Override
    public void endRow(int rowNum) {
      sink.accept(rowNum + 1, cells);
    }

    @Override
    public void cell(String ref, String value, XSSFComment comment) {
      int col = new CellReference(ref).getCol();
      while (cells.size() < col) cells.add("");
      cells.add(value == null ? "" : value);
    }
  }
}
