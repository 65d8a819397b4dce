package th.obec.dmc.sheet;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * RFC 4180 records, streamed: a field that starts with a quote may hold commas, quotes ("") and line
 * breaks; a quote anywhere else is just a character, so a stray one cannot swallow the lines after it.
 * A record and a field are capped as they are read, and a control character is refused with its row.
 */
final class CsvRows {
  private CsvRows() {}

  /** Calls {@code sink} with the 1-based record number and its fields, as Excel would number the rows. */
  static void read(Reader in, SheetLimits limits, BiConsumer<Integer, List<String>> sink) throws IOException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStart = true;
    boolean any = false;
    int record = 1;
    int recordChars = 0;
    int c;
    while ((c = in.read()) != -1) {
      char ch = (char) c;
      if (++recordChars > limits.maxCsvRecordChars()) throw SheetProblems.recordTooLong(record, limits.maxCsvRecordChars());
      if (ch < 0x20 && ch != '\t' && ch != '\r' && ch != '\n' || ch == 0x7F) {
        throw SheetProblems.controlCharacter(record, ch);
      }
      if (quoted) {
        if (ch == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            append(field, '"', record, fields.size());
            recordChars++;
          } else {
            quoted = false;
            if (next != -1) in.reset();
          }
        } else {
          append(field, ch, record, fields.size());
        }
        continue;
      }
      switch (ch) {
        case '"' -> {
          if (fieldStart) quoted = true;
          else append(field, ch, record, fields.size());
          fieldStart = false;
          any = true;
        }
        case ',' -> {
          if (fields.size() >= limits.maxColumns()) {
            throw SheetProblems.tooManyColumns(record, CellRef.letters(fields.size()), limits.maxColumns());
          }
          fields.add(field.toString());
          field.setLength(0);
          fieldStart = true;
          any = true;
        }
        case '\r' -> { }
        case '\n' -> {
          fields.add(field.toString());
          sink.accept(record++, fields);
          fields = new ArrayList<>();
          field.setLength(0);
          fieldStart = true;
          any = false;
          recordChars = 0;
        }
        default -> {
          append(field, ch, record, fields.size());
          fieldStart = false;
          any = true;
        }
      }
    }
    if (any || field.length() > 0) {
      fields.add(field.toString());
      sink.accept(record, fields);
    }
  }

  private static void append(StringBuilder field, char ch, int record, int column) {
    if (field.length() >= SheetLimits.MAX_CELL_CHARS) throw SheetProblems.cellTooLong(record, CellRef.letters(column));
    field.append(ch);
  }
}
