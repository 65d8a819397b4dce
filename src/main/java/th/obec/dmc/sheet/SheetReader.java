package th.obec.dmc.sheet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import th.obec.dmc.app.Problem;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an uploaded .xlsx or .csv against a column spec: finds the header row, maps each header
 * (Thai, English, or the key) to its column, and hands on data rows keyed by column. Blocking:
 * run it on the sheets worker pool.
 */
public final class SheetReader {
  private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
  private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
  /** Thai Excel on Windows saves CSV in windows-874 (TIS-620 plus a few symbols). */
  private static final Charset THAI_WINDOWS = Charset.forName("x-windows-874");

  private SheetReader() {}

  public static void read(Path file, SheetSpec spec, Consumer<RawRow> rows) {
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (startsWith(head, ZIP)) {
      readXlsx(() -> OPCPackage.open(file.toFile(), PackageAccess.READ), spec, rows);
      return;
    }
    check(head);
    try {
      readCsv(Files.readAllBytes(file), spec, rows);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  public static void read(byte[] bytes, SheetSpec spec, Consumer<RawRow> rows) {
    if (startsWith(bytes, ZIP)) {
      readXlsx(() -> OPCPackage.open(new BufferedInputStream(new ByteArrayInputStream(bytes))), spec, rows);
      return;
    }
    check(bytes);
    readCsv(bytes, spec, rows);
  }

  private static void check(byte[] head) {
    if (startsWith(head, OLE2)) {
      throw Problem.unprocessable("UNSUPPORTED_FORMAT",
          "This is an old Excel 97-2003 (.xls) file. Save it as .xlsx (Excel Workbook) or .csv and upload again.",
          "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) กรุณาบันทึกเป็น .xlsx (Excel Workbook) หรือ .csv แล้วส่งใหม่", null);
    }
  }

  /** Opening a package can fail in many ways (not a zip, not OOXML, damaged): each is the user's file. */
  private interface PackageOpener {
    OPCPackage open() throws Exception;
  }

  private static void readXlsx(PackageOpener opener, SheetSpec spec, Consumer<RawRow> rows) {
    try (OPCPackage pkg = opener.open()) {
      Mapper mapper = new Mapper(spec, rows);
      XlsxRows.read(pkg, mapper);
      mapper.finish();
    } catch (Problem p) {
      throw p;
    } catch (Exception e) {
      throw unreadable(e);
    }
  }

  private static void readCsv(byte[] bytes, SheetSpec spec, Consumer<RawRow> rows) {
    int skip = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    Charset charset = isUtf8(bytes, skip) ? StandardCharsets.UTF_8 : THAI_WINDOWS;
    Mapper mapper = new Mapper(spec, rows);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new ByteArrayInputStream(bytes, skip, bytes.length - skip), charset))) {
      CsvRows.read(reader, mapper);
    } catch (IOException e) {
      throw unreadable(e);
    }
    mapper.finish();
  }

  private static boolean isUtf8(byte[] bytes, int offset) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
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

  private static Problem unreadable(Exception e) {
    return Problem.unprocessable("UNREADABLE_FILE",
        "The file could not be read as .xlsx or .csv (" + e.getClass().getSimpleName() + "). Check that it is not damaged.",
        "ระบบอ่านไฟล์ไม่ได้ กรุณาตรวจสอบว่าเป็นไฟล์ .xlsx หรือ .csv ที่ไม่เสียหาย", null);
  }

  /** Turns positional cells into rows keyed by column, once the header row has been seen. */
  private static final class Mapper implements java.util.function.BiConsumer<Integer, List<String>> {
    private final SheetSpec spec;
    private final Consumer<RawRow> rows;
    private final Map<String, String> headerToKey = new HashMap<>();
    private Map<Integer, String> columnKeys;

    Mapper(SheetSpec spec, Consumer<RawRow> rows) {
      this.spec = spec;
      this.rows = rows;
      for (ColumnSpec c : spec.columns()) {
        headerToKey.put(normalize(c.key()), c.key());
        headerToKey.put(normalize(c.headerTh()), c.key());
        headerToKey.put(normalize(c.headerEn()), c.key());
      }
    }

    @Override
    public void accept(Integer rowNumber, List<String> cells) {
      if (cells.stream().allMatch(s -> s == null || s.isBlank())) return;
      if (columnKeys == null) {
        columnKeys = header(cells);
        return;
      }
      Map<String, String> values = new LinkedHashMap<>();
      columnKeys.forEach((index, key) -> {
        if (index < cells.size()) {
          String v = cells.get(index).strip();
          if (!v.isEmpty()) values.put(key, v);
        }
      });
      rows.accept(new RawRow(rowNumber, values));
    }

    private Map<Integer, String> header(List<String> cells) {
      Map<Integer, String> keys = new LinkedHashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        String key = keyOf(cells.get(i));
        if (key != null && !keys.containsValue(key)) keys.put(i, key);
      }
      List<ColumnSpec> missing = new ArrayList<>();
      for (ColumnSpec c : spec.columns()) if (c.required() && !keys.containsValue(c.key())) missing.add(c);
      if (!missing.isEmpty()) {
        JsonArray list = new JsonArray();
        missing.forEach(c -> list.add(new JsonObject().put("key", c.key()).put("headerTh", c.headerTh())
            .put("headerEn", c.headerEn())));
        throw Problem.unprocessable("MISSING_COLUMNS",
            "The header row lacks required columns: "
                + missing.stream().map(c -> c.headerEn() + " (" + c.key() + ")").toList() + ".",
            "แถวหัวตารางขาดคอลัมน์ที่จำเป็น: " + missing.stream().map(ColumnSpec::headerTh).toList(),
            new JsonObject().put("missingColumns", list));
      }
      return keys;
    }

    /** A header cell may hold the Thai header with the English one beneath it, as the templates write them. */
    private String keyOf(String cell) {
      if (cell == null) return null;
      String whole = headerToKey.get(normalize(cell));
      if (whole != null) return whole;
      for (String line : cell.split("\\R")) {
        String key = headerToKey.get(normalize(line));
        if (key != null) return key;
      }
      return null;
    }

    void finish() {
      if (columnKeys == null) {
        throw Problem.unprocessable("EMPTY_FILE", "The file has no header row and no data.",
            "ไฟล์ว่างเปล่า ไม่มีแถวหัวตารางหรือข้อมูล", null);
      }
    }

    private static String normalize(String s) {
      return s.strip().replace("*", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
  }
}
