package th.obec.dmc.sheet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import org.xml.sax.SAXException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import th.obec.dmc.kernel.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.BufferedReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads an uploaded .xlsx, .xls or .csv against a column spec: skips title rows, finds the header
 * row (Thai, English or the key, in any order), skips the template's English header row, and hands on
 * data rows keyed by column with Thai digits made ASCII. Blocking: run it on the sheets worker pool.
 */
public final class SheetReader {
  private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
  private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
  /** Thai Excel on Windows saves CSV in windows-874 (TIS-620 plus a few symbols). */
  private static final Charset THAI_WINDOWS = Charset.forName("x-windows-874");
  private static final int HEADER_SEARCH_ROWS = 30;

  private SheetReader() {}

  /**
   * Reads the file, handing each data row to {@code rows}; answers the headers of the file that no column
   * of the spec reads, so the user sees what was not read.
   */
  public static List<String> read(Path file, SheetSpec spec, SheetLimits limits, Consumer<RawRow> rows) {
    return read(file, spec, limits, new RowPlaces(), rows);
  }

  /**
   * As above, reading every sheet of a workbook whose header row names the required columns, in order, and
   * noting in {@code places} which sheets were read and where each row was.
   */
  public static List<String> read(Path file, SheetSpec spec, SheetLimits limits, RowPlaces places,
                                  Consumer<RawRow> rows) {
    byte[] head = new byte[8192];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw unreadable(e);
    }
    byte[] start = Arrays.copyOf(head, n);
    if (startsWith(start, ZIP)) {
      return readXlsx(() -> OPCPackage.open(file.toFile(), PackageAccess.READ), new Mapper(spec, limits, places, rows));
    } else if (startsWith(start, OLE2)) {
      return readOle2(() -> new POIFSFileSystem(file.toFile(), true), new Mapper(spec, limits, places, rows));
    }
    checkText(start);
    return readCsv(file, start, new Mapper(spec, limits, places, rows));
  }

  /**
   * As {@link #read(Path, SheetSpec, SheetLimits, RowPlaces, Consumer)}, each row checked against the spec before
   * it is handed on ({@link RowValidator}: its refusals go to {@code errors}); a row {@code passOver} names (a total
   * under the list) is handed on to nobody.
   */
  public static List<String> readChecked(Path file, SheetSpec spec, SheetLimits limits, RowPlaces places,
                                         CellErrors errors, java.util.function.Predicate<RawRow> passOver,
                                         Consumer<CheckedRow> rows) {
    RowValidator validator = new RowValidator(spec);
    return read(file, spec, limits, places, raw -> {
      if (!passOver.test(raw)) rows.accept(new CheckedRow(raw, validator.validate(raw, errors)));
    });
  }

  /** Opening a container can fail in many ways (not a zip, not OOXML, damaged): each is the user's file. */
  private interface Opener<T> {
    T open() throws Exception;
  }

  private static List<String> readXlsx(Opener<OPCPackage> opener, Mapper mapper) {
    try (OPCPackage pkg = opener.open()) {
      if (!pkg.getPartsByName(Pattern.compile("/xl/vbaProject\\.bin")).isEmpty()) {
        throw Problem.unprocessable("MACROS_NOT_ALLOWED",
            "The workbook contains macros (.xlsm). Save it as a plain .xlsx (Excel Workbook) and upload again.",
            "ไฟล์นี้มีแมโคร (.xlsm) กรุณาบันทึกเป็น .xlsx (Excel Workbook) แบบปกติแล้วส่งใหม่", null);
      }
      XlsxRows.read(pkg, mapper.limits, mapper);
      return mapper.finish();
    } catch (Exception e) {
      throw asProblem(e);
    }
  }

  private static List<String> readOle2(Opener<POIFSFileSystem> opener, Mapper mapper) {
    try (POIFSFileSystem fs = opener.open()) {
      if (fs.getRoot().hasEntryCaseInsensitive("EncryptedPackage")) throw encrypted();
      XlsRows.read(fs, mapper.limits, mapper);
      return mapper.finish();
    } catch (EncryptedDocumentException e) {
      throw encrypted();
    } catch (Exception e) {
      throw asProblem(e);
    }
  }

  /** A problem raised inside a parser's callback may come back wrapped (SAX, POI): the user's answer is the problem. */
  private static Problem asProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof Problem p) return p;
      if (t instanceof SAXException sax && sax.getException() instanceof Problem p) return p;
      if (t instanceof EncryptedDocumentException) return encrypted();
    }
    return unreadable(e);
  }

  /**
   * A text file: CSV, or tab-delimited text (Excel's "Text (Tab delimited)", and its "Unicode Text", which is
   * UTF-16LE with a BOM). The encoding is the BOM's, else UTF-8 if the whole file decodes so, else Thai Windows;
   * the delimiter is the one the header's line has more of.
   */
  private static List<String> readCsv(Path file, byte[] head, Mapper mapper) {
    try {
      Charset bom = bomCharset(head);
      int skip = bom == null ? 0 : bom == StandardCharsets.UTF_8 ? 3 : 2;
      Charset charset = bom != null ? bom : isUtf8(file) ? StandardCharsets.UTF_8 : THAI_WINDOWS;
      String firstLine = new String(head, skip, head.length - skip, charset).lines().findFirst().orElse("");
      char delimiter = firstLine.chars().filter(c -> c == '\t').count() > firstLine.chars().filter(c -> c == ',').count()
          ? '\t' : ',';
      try (InputStream in = Files.newInputStream(file)) {
        in.skipNBytes(skip);
        CsvRows.read(new BufferedReader(new InputStreamReader(in, charset), 64 * 1024), delimiter, mapper.limits,
            mapper);
      }
    } catch (IOException e) {
      throw unreadable(e);
    }
    return mapper.finish();
  }

  /** The charset a byte-order mark names, or null without one. */
  private static Charset bomCharset(byte[] head) {
    if (startsWith(head, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) return StandardCharsets.UTF_8;
    if (startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xFE})) return StandardCharsets.UTF_16LE;
    if (startsWith(head, new byte[] {(byte) 0xFE, (byte) 0xFF})) return StandardCharsets.UTF_16BE;
    return null;
  }

  /** Text files are CSV; anything binary that is not a workbook (PDF, images, archives) is refused. */
  private static void checkText(byte[] head) {
    // UTF-16 text is half NUL bytes: its BOM says it is text.
    Charset bom = bomCharset(head);
    if (bom != null && bom != StandardCharsets.UTF_8) return;
    int controls = 0;
    for (byte b : head) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\r' && b != '\n') controls++;
    }
    // A stray control byte is a damaged CSV, refused with its row; many of them are a binary file.
    if (controls > 0 && controls * 20 > head.length) throw SheetProblems.unsupported();
    if (startsWith(head, "%PDF".getBytes(StandardCharsets.US_ASCII))
        || startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'})
        || startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      throw SheetProblems.unsupported();
    }
  }

  /** Whether the whole file decodes as UTF-8, checked as a stream. */
  private static boolean isUtf8(Path file) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder)) {
      char[] buffer = new char[64 * 1024];
      while (reader.read(buffer) >= 0) {
        // decoding is the check
      }
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] magic) {
    if (bytes.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) if (bytes[i] != magic[i]) return false;
    return true;
  }

  private static Problem encrypted() {
    return Problem.unprocessable("ENCRYPTED_WORKBOOK",
        "The workbook is protected with a password. Remove the password and upload again.",
        "ไฟล์นี้ถูกตั้งรหัสผ่านไว้ กรุณายกเลิกรหัสผ่านแล้วส่งใหม่", null);
  }

  private static Problem unreadable(Throwable e) {
    return Problem.unprocessable("UNREADABLE_FILE",
        "The file could not be read as .xlsx, .xls or .csv (" + e.getClass().getSimpleName()
            + "). Check that it is complete and not damaged.",
        "ระบบอ่านไฟล์ไม่ได้ กรุณาตรวจสอบว่าเป็นไฟล์ .xlsx .xls หรือ .csv ที่สมบูรณ์และไม่เสียหาย", null);
  }

  /**
   * Turns positional cells into rows keyed by column, once the header row has been found. When a header
   * leaves columns to be decided by their data, the first data rows wait until they decide it. A workbook's
   * sheets are taken in turn: each one whose header names the required columns is read, the others are noted.
   */
  private static final class Mapper implements RowSink {
    private static final int SAMPLE_ROWS = 20;
    /** The most characters the sampled rows hold together; past it the columns are decided with what is there. */
    private static final int SAMPLE_CHARS = 64 * 1024;
    private final SheetSpec spec;
    private final SheetLimits limits;
    private final RowPlaces places;
    private final Consumer<RawRow> rows;
    private final HeaderMatcher matcher;
    private final Set<String> ignored = new LinkedHashSet<>();
    private HeaderMatcher.Match header;
    private Map<Integer, String> columnKeys;
    private Set<String> columns;
    private Map<Integer, String> bestGuess = Map.of();
    private final List<Integer> sampleRowNumbers = new ArrayList<>();
    private final List<List<String>> sample = new ArrayList<>();
    /** Per column of the header, the most of a cell the sample keeps: its column's length and one more. */
    private Map<Integer, Integer> sampleCut = Map.of();
    private int sampleChars;
    private boolean checkedSecondHeader;
    /** Null for a text file, which has one unnamed sheet. */
    private String sheet;
    private int sheets;
    private boolean anySheetRead;
    /** The sheet has no header in its first rows: the rest of it is passed over. */
    private boolean passingOver;
    /** Added to this sheet's row numbers so that no two rows of the upload share one. */
    private int offset;
    private int highest;
    private int rowsSeen;
    private int rowsSeenInFile;
    private int allRows;
    private int dataRows;

    Mapper(SheetSpec spec, SheetLimits limits, RowPlaces places, Consumer<RawRow> rows) {
      this.spec = spec;
      this.limits = limits;
      this.places = places;
      this.rows = rows;
      this.matcher = new HeaderMatcher(spec);
    }

    @Override
    public void sheet(String name) {
      if (++sheets > SheetLimits.MAX_SHEETS) throw SheetProblems.tooManySheets(SheetLimits.MAX_SHEETS);
      endSheet();
      sheet = name;
      offset = highest;
      header = null;
      columnKeys = null;
      columns = null;
      sampleCut = Map.of();
      checkedSecondHeader = false;
      passingOver = false;
      rowsSeen = 0;
    }

    private void endSheet() {
      if (header != null) {
        if (columnKeys == null) decide();
        ignored.addAll(header.ignored());
      } else if (rowsSeen > 0 && sheet != null) {
        places.notRead(sheet);
      }
    }

    /** A plain loop: a stream here was 1 % of the parse (JFR), once per row of 100,000. */
    private static boolean blank(List<String> cells) {
      for (String s : cells) if (s != null && !s.isBlank()) return false;
      return true;
    }

    @Override
    public void row(int rowNumber, List<String> cells) {
      if (cells.size() > limits.maxColumns()) {
        throw SheetProblems.tooManyColumns(rowNumber, CellRef.letters(cells.size() - 1), limits.maxColumns());
      }
      // Blank rows count too: a million empty rows are as much work as a million full ones.
      if (++allRows > limits.maxSheetRows()) throw SheetProblems.tooManyRows(limits.maxRows());
      if (blank(cells) || passingOver) return;
      rowsSeen++;
      rowsSeenInFile++;
      int number = offset + rowNumber;
      highest = Math.max(highest, number);
      if (header == null) {
        findHeader(cells);
        return;
      }
      if (!checkedSecondHeader) {
        checkedSecondHeader = true;
        if (matcher.match(cells).keys().size() * 2 >= header.keys().size()) return; // the template's English header row
      }
      if (++dataRows > limits.maxRows()) throw SheetProblems.tooManyRows(limits.maxRows());
      if (columnKeys == null) {
        sampleRowNumbers.add(number);
        sample.add(sampled(cells));
        if (sample.size() >= SAMPLE_ROWS || sampleChars >= SAMPLE_CHARS) decide();
        return;
      }
      emit(number, cells);
    }

    private void emit(int rowNumber, List<String> cells) {
      Map<String, String> values = new LinkedHashMap<>();
      columnKeys.forEach((index, key) -> {
        if (index < cells.size()) {
          String v = Cells.clean(cells.get(index));
          if (!v.isEmpty() && !Cells.isNone(v)) values.put(key, v);
        }
      });
      rows.accept(new RawRow(rowNumber, values, columns));
    }

    /**
     * A row held until the columns are decided: only the header's columns, each cut just past its column's
     * length (a longer value is refused as TOO_LONG all the same), so the sample's size is the spec's, not the file's.
     */
    private List<String> sampled(List<String> cells) {
      List<String> kept = new ArrayList<>(cells.size());
      for (int i = 0; i < cells.size(); i++) {
        Integer cut = sampleCut.get(i);
        String v = cells.get(i);
        if (cut == null || v == null) {
          kept.add(null);
        } else {
          if (v.length() > cut) v = v.substring(0, cut);
          sampleChars += v.length();
          kept.add(v);
        }
      }
      return kept;
    }

    private Map<Integer, Integer> sampleCut(HeaderMatcher.Match match) {
      Map<Integer, Integer> cut = new HashMap<>();
      match.keys().forEach((i, key) -> cut.put(i, length(key)));
      match.undecided().forEach((i, keys) -> cut.put(i, keys.stream().mapToInt(this::length).max().orElse(0)));
      return cut;
    }

    private int length(String key) {
      return spec.column(key).map(c -> c.maxLength() + 1).orElse(0);
    }

    /** The sampled rows have told the undecided columns apart: place them, then hand on the waiting rows. */
    private void decide() {
      header = matcher.decide(header, sample);
      columnKeys = header.keys();
      columns = header.columns();
      for (int i = 0; i < sample.size(); i++) emit(sampleRowNumbers.get(i), sample.get(i));
      sample.clear();
      sampleRowNumbers.clear();
    }

    /** Title rows above the header are passed over; the header is the first row naming every required column. */
    private void findHeader(List<String> cells) {
      HeaderMatcher.Match match = matcher.match(cells);
      if (missing(match.keys()).isEmpty()) {
        header = match;
        anySheetRead = true;
        places.read(sheet, offset);
        if (!match.needsData()) {
          columnKeys = match.keys();
          columns = match.columns();
        } else {
          sampleCut = sampleCut(match);
        }
        return;
      }
      if (match.keys().size() > bestGuess.size()) bestGuess = match.keys();
      if (rowsSeen < HEADER_SEARCH_ROWS) return;
      // A text file has one table; a workbook may keep its roll on a later sheet, after a cover or a summary.
      if (sheet == null) throw missingColumns();
      passingOver = true;
    }

    private List<ColumnSpec> missing(Map<Integer, String> keys) {
      List<ColumnSpec> missing = new ArrayList<>();
      for (ColumnSpec c : spec.columns()) {
        boolean carriedElsewhere = c.within().map(keys::containsValue).orElse(false);
        if (c.required() && !keys.containsValue(c.key()) && !carriedElsewhere) missing.add(c);
      }
      return missing;
    }

    private Problem missingColumns() {
      List<ColumnSpec> missing = missing(bestGuess);
      JsonArray list = new JsonArray();
      missing.forEach(c -> list.add(new JsonObject().put("key", c.key()).put("headerTh", c.headerTh())
          .put("headerEn", c.headerEn())));
      return Problem.unprocessable("MISSING_COLUMNS",
          "No header row names every required column; missing: "
              + missing.stream().map(c -> c.headerEn() + " (" + c.key() + ")").toList()
              + ". Use the template's headers.",
          "ไม่พบแถวหัวตารางที่มีคอลัมน์ที่จำเป็นครบ ขาด: " + missing.stream().map(ColumnSpec::headerTh).toList()
              + " กรุณาใช้หัวตารางตามแบบฟอร์ม",
          new JsonObject().put("missingColumns", list).put("sheetsNotRead", new JsonArray(places.sheetsNotRead())));
    }

    /** The headers of the file that no column of the spec reads. */
    List<String> finish() {
      endSheet();
      if (anySheetRead) return List.copyOf(ignored);
      if (rowsSeenInFile == 0) {
        throw Problem.unprocessable("EMPTY_FILE", "The file has no header row and no data.",
            "ไฟล์ว่างเปล่า ไม่มีแถวหัวตารางหรือข้อมูล", null);
      }
      throw missingColumns();
    }
  }
}
