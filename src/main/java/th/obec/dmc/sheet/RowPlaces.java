package th.obec.dmc.sheet;

import java.util.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the rows of one upload were: a workbook may hold its roll on several sheets (one per room is common),
 * while everything after the reader keys a row by one number. The first sheet read keeps its Excel row numbers;
 * each later sheet's rows are numbered on from the highest number before it. This turns such a number back
 * into the sheet and the row the clerk sees. Thread-safe: the reader adds sheets while the event loop may ask.
 */
public final class RowPlaces {
  /** A row as the clerk finds it: the sheet (null for a text file) and its row number in that sheet. */
  public record Place(String sheet, int row) {}

  private record Sheet(String name, int offset) {}

  private final List<Sheet> read = new ArrayList<>();
  private final List<String> notRead = new ArrayList<>();

  synchronized void read(String sheet, int offset) {
    read.add(new Sheet(sheet, offset));
  }

  synchronized void notRead(String sheet) {
    notRead.add(sheet);
  }

  /** The sheets whose rows were read, in order. */
  public synchronized List<String> sheetsRead() {
    return read.stream().map(Sheet::name).filter(Objects::nonNull).toList();
  }

  /** The sheets with data but no header row naming the required columns. */
  public synchronized List<String> sheetsNotRead() {
    return List.copyOf(notRead);
  }

  /** Whether rows came from more than one sheet, so a row number alone does not say where a row is. */
  public synchronized boolean several() {
    return read.size() > 1;
  }

  public synchronized Place place(int number) {
    for (int i = read.size() - 1; i >= 0; i--) {
      Sheet s = read.get(i);
      if (number > s.offset) return new Place(s.name, number - s.offset);
    }
    return new Place(null, number);
  }

  /** "row 12", or "row 12 of sheet 'ม.1-2'" when the roll spans sheets. */
  public String label(int number) {
    Place p = place(number);
    return several() && p.sheet() != null ? "row " + p.row() + " of sheet '" + p.sheet() + "'" : "row " + p.row();
  }

  public String labelTh(int number) {
    Place p = place(number);
    return several() && p.sheet() != null ? "แถวที่ " + p.row() + " แผ่นงาน \"" + p.sheet() + "\"" : "แถวที่ " + p.row();
  }
}
