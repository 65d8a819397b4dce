package th.obec.dmc.sheet;

/** Column letters of an A1 reference, read without overflow however long the letters run. */
final class CellRef {
  private CellRef() {}

  /**
   * The 0-based column of a reference such as "AB12", or {@code limit} when the column is at or
   * beyond {@code limit} (so "ZZZZZZ1" never becomes a number), or -1 when it has no letters.
   */
  static int column(String ref, int limit) {
    int col = 0;
    int i = 0;
    for (; i < ref.length(); i++) {
      char c = Character.toUpperCase(ref.charAt(i));
      if (c < 'A' || c > 'Z') break;
      col = col * 26 + (c - 'A' + 1);
      if (col > limit) return limit;
    }
    return i == 0 ? -1 : Math.min(col - 1, limit);
  }

  /** "A", "B", ... "AA" for a 0-based column. */
  static String letters(int column) {
    StringBuilder sb = new StringBuilder();
    int n = column + 1;
    while (n > 0) {
      int r = (n - 1) % 26;
      sb.insert(0, (char) ('A' + r));
      n = (n - 1) / 26;
    }
    return sb.toString();
  }

  /** The row number of a reference, or -1 when it has none or it is not a plain number. */
  static int row(String ref) {
    int i = 0;
    while (i < ref.length() && Character.isLetter(ref.charAt(i))) i++;
    if (i == ref.length() || ref.length() - i > 9) return -1;
    int row = 0;
    for (; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c < '0' || c > '9') return -1;
      row = row * 10 + (c - '0');
    }
    return row;
  }
}
