package th.obec.dmc.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records, read by Apache Commons CSV as a stream: a field that starts with a quote may hold
 * commas, quotes ("") and line breaks; a quote anywhere else is just a character, so a stray one cannot
 * swallow the lines after it. A physical line is capped as it is read (the parser would otherwise hold
 * a 20 MB line whole), fields are capped at Excel's cell limit, and a control character is refused with
 * its row. Blank lines are records too: they count toward the row cap and keep rows numbered as Excel does.
 */
final class CsvRows {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setIgnoreEmptyLines(false)
      .setIgnoreSurroundingSpaces(false)
      .get();

  private CsvRows() {}

  /**
   * Calls {@code sink} with the 1-based record number and its fields, as Excel would number the rows. The
   * delimiter is a comma, or a tab for Excel's "Text (Tab delimited)" and "Unicode Text".
   */
  static void read(Reader in, char delimiter, SheetLimits limits, RowSink sink) throws IOException {
    CSVFormat format = delimiter == ',' ? FORMAT : FORMAT.builder().setDelimiter(delimiter).get();
    try (CSVParser parser = CSVParser.builder().setReader(new LineCap(in, limits.maxCsvRecordChars()))
        .setFormat(format).get()) {
      for (CSVRecord record : parser) {
        int row = (int) record.getRecordNumber();
        if (record.size() > limits.maxColumns()) {
          throw SheetProblems.tooManyColumns(row, CellRef.letters(limits.maxColumns()), limits.maxColumns());
        }
        List<String> fields = new ArrayList<>(record.size());
        for (int c = 0; c < record.size(); c++) {
          String field = record.get(c);
          if (field.length() > SheetLimits.MAX_CELL_CHARS) throw SheetProblems.cellTooLong(row, CellRef.letters(c));
          int bad = controlCharacter(field);
          if (bad >= 0) throw SheetProblems.controlCharacter(row, bad);
          fields.add(field);
        }
        sink.row(row, fields);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** A control character other than tab and line breaks (which a quoted field may hold), or -1. */
  private static int controlCharacter(String field) {
    for (int i = 0; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n' || ch == 0x7F) return ch;
    }
    return -1;
  }

  /** Fails once a physical line runs past the cap, before the parser has buffered it. */
  private static final class LineCap extends FilterReader {
    private final int max;
    private int line = 1;
    private int length;

    LineCap(Reader in, int max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) count((char) c);
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int count) throws IOException {
      int n = super.read(buffer, offset, count);
      for (int i = 0; i < n; i++) count(buffer[offset + i]);
      return n;
    }

    private void count(char c) {
      if (c == '\n') {
        line++;
        length = 0;
      } else if (++length > max) {
        throw SheetProblems.recordTooLong(line, max);
      }
    }
  }
}
