package th.obec.dmc.sheet;

/** What a cell's text is once the habits of Thai spreadsheets are taken out of it: one rule for headers and data. */
final class Cells {
  private Cells() {}

  /**
   * Thai digits ๐-๙ become 0-9; non-breaking spaces and line breaks (Alt+Enter in Excel, a quoted CSV field
   * over two lines) become spaces; the invisible characters pasted from web pages and Word (U+FEFF, U+200B,
   * U+200C, U+200D, U+2060) are removed; the ends are trimmed; and one leading apostrophe, which Excel users
   * type to keep an ID as text and which a CSV carries literally, is dropped.
   */
  static String clean(String cell) {
    if (cell == null) return "";
    StringBuilder sb = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c >= '\u0E50' && c <= '\u0E59') sb.append((char) ('0' + (c - '\u0E50')));
      else if (c == '\r' && i + 1 < cell.length() && cell.charAt(i + 1) == '\n') continue; // CR LF: one break
      else if (c == '\u00A0' || c == '\r' || c == '\n') sb.append(' ');
      else if (c != '\uFEFF' && c != '\u200B' && c != '\u200C' && c != '\u200D' && c != '\u2060') sb.append(c);
    }
    String clean = sb.toString().strip();
    return clean.length() > 1 && clean.charAt(0) == '\'' ? clean.substring(1).strip() : clean;
  }

  /** A cell that means "none" in any column of the portal's exports. */
  static boolean isNone(String cleaned) {
    return cleaned.length() == 1 && (cleaned.charAt(0) == '-' || cleaned.charAt(0) == '\u2013' || cleaned.charAt(0) == '\u2014');
  }
}
