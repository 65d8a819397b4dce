package th.obec.dmc.sheet;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
final class CsvRows {
  private CsvRows() {}

  /** Calls {@code sink} with the 1-based record number and its fields, as Excel would number the rows. */
  static void read(Reader in, BiConsumer<Integer, List<String>> sink) throws IOException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int record = 1;
    int c;
    while ((c = in.read()) != -1) {
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next != -1) in.reset();
          }
        } else {
          field.append(ch);
        }
        continue;
      }
      switch (ch) {
        case '"' -> { quoted = true; any = true; }
        case ',' -> { fields.add(field.toString()); field.setLength(0); any = true; }
        case '\r' -> { }
        case '\n' -> {
          fields.add(field.toString());
          sink.accept(record++, fields);
          fields = new ArrayList<>();
          field.setLength(0);
          any = false;
        }
        default -> { field.append(ch); any = true; }
      }
    }
    if (any || field.length() > 0) {
      fields.add(field.toString());
      sink.accept(record, fields);
    }
  }
}
