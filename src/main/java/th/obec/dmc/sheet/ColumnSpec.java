package th.obec.dmc.sheet;

import java.util.HashSet;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One column of a workbook, as declared in {@code templates/}. Types: text, code, date, integer,
 * decimal, citizen-id, year-be, school-code.
 */
public record ColumnSpec(String key, String headerTh, String headerEn, String type, boolean required,
                         Optional<Pattern> pattern, int maxLength, List<CodeOption> codes, int width,
                         String help, Optional<BigDecimal> min, Optional<BigDecimal> max, boolean name,
                         boolean otherAllowed, List<String> headerAliases, Map<String, String> codeLookup,
                         Set<String> noneWords, Optional<String> otherCode, boolean inTemplate,
                         Optional<String> secondCopy, Optional<String> within, Optional<Refused> refused) {

  /**
   * Values a school may write in this column that name something the round does not count (เตรียมอนุบาล in the
   * grade column): recognised, and refused with their own note rather than as an unknown code.
   */
  public record Refused(Set<String> folded, String en, String th) {
    public boolean matches(String value) {
      return folded.contains(fold(value));
    }
  }

  /**
   * {@code name}: a person's or a school's name, which may not begin with = + - @, so that no sheet or
   * CSV built from the data later (the Exchange file, a user's own export) reads it as a formula.
   * {@code headerAliases}: other headers the reader takes for this column, such as the DMC portal's own export's.
   * {@code otherAllowed}: the codes are the common values; another value is kept as written, flagged
   * {@code OTHER_VALUE} (a warning where the spec says so).
   * {@code noneWords}: what schools write for "none" in this column ("ไม่มี", "ปกติ"), folded; read as blank.
   * {@code otherCode}: an open list; a value outside it is stored as this code with its text beside it
   * (under {@link #otherKey()}), flagged {@code OTHER_VALUE}.
   * {@code inTemplate}: false for the fields the portal's exports carry that the blank template leaves out.
   * {@code secondCopy}: the column a second copy of this column's header means (the current address after
   * the registered one).
   * {@code within}: another column that may carry this one's value after a slash, as schools write a class:
   * "ม.1/3" in the grade column is grade ม.1, room 3. This column's header may then be absent.
   * {@code refused}: values recognised but refused with a note of their own.
   */
  public static ColumnSpec of(String key, String headerTh, String headerEn, String type, boolean required,
                              Optional<Pattern> pattern, int maxLength, List<CodeOption> codes, int width,
                              String help, Optional<BigDecimal> min, Optional<BigDecimal> max, boolean name,
                              boolean otherAllowed, List<String> headerAliases, Set<String> noneWords,
                              Optional<String> otherCode, boolean inTemplate, Optional<String> secondCopy,
                              Optional<String> within, Optional<Refused> refused) {
    Set<String> folded = new HashSet<>();
    noneWords.forEach(w -> folded.add(fold(w)));
    return new ColumnSpec(key, headerTh, headerEn, type, required, pattern, maxLength, codes, width, help, min, max,
        name, otherAllowed, headerAliases, lookup(codes), Set.copyOf(folded), otherCode, inTemplate, secondCopy, within, refused);
  }

  /** A plain text column of a written layout, for a cell no spec column holds (a school's name in an export). */
  public static ColumnSpec text(String key, String headerTh, String headerEn) {
    return of(key, headerTh, headerEn, "text", false, Optional.empty(), 500, List.of(), 15, "", Optional.empty(),
        Optional.empty(), false, false, List.of(), Set.of(), Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Every spelling of every code, folded, to its code: built once, so reading a cell is one map look-up. */
  private static Map<String, String> lookup(List<CodeOption> codes) {
    Map<String, String> map = new HashMap<>();
    for (CodeOption o : codes) {
      map.putIfAbsent(fold(o.code()), o.code());
      map.putIfAbsent(fold(o.labelTh()), o.code());
      map.putIfAbsent(fold(o.labelEn()), o.code());
      for (String alias : o.aliases()) map.putIfAbsent(fold(alias), o.code());
    }
    return Map.copyOf(map);
  }

  /** Case, spaces and dots do not matter: "ป 1", "ป1" and "ป.1" are one code. */
  public static String fold(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && !Character.isWhitespace(c)) sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /** Where an open list keeps the text of a value outside it: {@code nationality_other}. */
  public String otherKey() {
    return key + "_other";
  }

  public boolean isNone(String value) {
    return !noneWords.isEmpty() && noneWords.contains(fold(value));
  }

  /** Columns Excel must keep as text, or it would drop leading zeros and turn long IDs into 1.1E+12. */
  public boolean isTextual() {
    return !type.equals("integer") && !type.equals("decimal") && !type.equals("year-be");
  }

  public boolean isNumeric() {
    return !isTextual();
  }

  /** The label to show for a stored code, or the value itself. */
  public String label(String value) {
    for (CodeOption o : codes) if (o.code().equals(value)) return o.labelTh();
    return value;
  }
}
