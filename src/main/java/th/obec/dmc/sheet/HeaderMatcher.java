package th.obec.dmc.sheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds which column of a sheet is which, from its header row: Thai, English or key headers, their aliases,
 * headers with a trailing note ("รหัสโรงเรียน ต้องกรอก", "ชื่อ (บังคับ)"), and headers that appear twice. A
 * header that names two columns (the DMC portal's "เลขประจำตัวนักเรียน", once for the citizen ID and once for
 * the student number) is decided by what its column holds, from the first data rows, not by which copy comes
 * first. A second copy of a header means the column its spec names as {@code secondCopy}, or nothing.
 */
public final class HeaderMatcher {
  /**
   * One note schools put after a header: "ต้องกรอก", "(บังคับ)", "*", "(ถ้ามี)", "(วว/ดด/ปปปป)". Notes are stripped
   * one at a time in a loop ({@link #withoutNotes}): a repeated group in the pattern itself would recurse once per
   * repetition in java.util.regex, and a long header cell overflowed the stack so.
   */
  private static final Pattern NOTE = Pattern.compile(
      "(?:\\s*\\*+|\\s*\\([^()]*(?:บังคับ|ต้องกรอก|จำเป็น|ถ้ามี|required|optional|วว/ดด|dd/mm)[^()]*\\)"
          + "|\\s+(?:ต้องกรอก|บังคับ|จำเป็น|ถ้ามี))$", Pattern.CASE_INSENSITIVE);
  /**
   * A header cell longer than this cannot be any column's header (the longest, with its note and English line,
   * is under 100): it is cut before it is matched or named, so no work or message grows with it.
   */
  static final int MAX_HEADER_CHARS = 200;
  /** Share of a column's sampled values that must be IDs for it to be the ID column. */
  private static final double ID_SHARE = 0.9;

  private final SheetSpec spec;
  private final Map<String, List<String>> headerToKeys = new HashMap<>();

  public HeaderMatcher(SheetSpec spec) {
    this.spec = spec;
    for (ColumnSpec c : spec.columns()) {
      add(c.key(), c.key());
      add(c.headerTh(), c.key());
      add(c.headerEn(), c.key());
      for (String alias : c.headerAliases()) add(alias, c.key());
    }
  }

  private void add(String header, String key) {
    List<String> keys = headerToKeys.computeIfAbsent(normalize(header), h -> new ArrayList<>(1));
    if (!keys.contains(key)) keys.add(key);
  }

  /**
   * A header row read: the columns known by position, the positions still to be decided by their data (each
   * given for now the first key it may be), and the headers nobody reads.
   */
  public record Match(Map<Integer, String> keys, Map<Integer, List<String>> undecided, List<String> ignored) {

    public boolean needsData() {
      return !undecided.isEmpty();
    }

    /** The keys of every column the sheet has. */
    public Set<String> columns() {
      return Set.copyOf(keys.values());
    }
  }

  public Match match(List<String> cells) {
    Map<Integer, String> keys = new LinkedHashMap<>();
    Map<Integer, List<String>> pending = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (cell == null || cell.isBlank()) continue;
      List<String> candidates = candidates(cell);
      if (candidates.isEmpty()) {
        ignored.add(shown(cell));
      } else if (candidates.size() > 1) {
        pending.put(i, candidates);
      } else if (!keys.containsValue(candidates.get(0))) {
        keys.put(i, candidates.get(0));
      } else {
        String second = spec.column(candidates.get(0)).flatMap(ColumnSpec::secondCopy).orElse(null);
        if (second != null && !keys.containsValue(second)) keys.put(i, second);
        else ignored.add(shown(cell));
      }
    }
    // A column that can only be one thing once the others are placed is placed; the rest wait for their data.
    boolean placed = true;
    while (placed) {
      placed = false;
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        List<String> free = free(e.getValue(), keys);
        if (free.size() == 1) {
          keys.put(e.getKey(), free.get(0));
          it.remove();
          placed = true;
        } else if (free.isEmpty()) {
          ignored.add(shown(cells.get(e.getKey())));
          it.remove();
        }
      }
    }
    // Each undecided column keeps every key still free before any of them is placed, so its data may choose.
    Map<Integer, String> known = Map.copyOf(keys);
    Map<Integer, List<String>> undecided = new LinkedHashMap<>();
    for (var e : pending.entrySet()) {
      undecided.put(e.getKey(), free(e.getValue(), known));
      List<String> free = free(e.getValue(), keys);
      if (!free.isEmpty()) keys.put(e.getKey(), free.get(0));
    }
    return new Match(keys, undecided, ignored);
  }

  private static List<String> free(List<String> candidates, Map<Integer, String> keys) {
    return candidates.stream().filter(k -> !keys.containsValue(k)).toList();
  }

  /**
   * Places the undecided columns by what they hold: a column whose values are citizen IDs (13 digits with a
   * valid check digit) or G-codes takes the ID key, the others the rest, in order.
   */
  public Match decide(Match match, List<List<String>> sample) {
    if (!match.needsData()) return match;
    Map<Integer, String> keys = new LinkedHashMap<>(match.keys());
    match.undecided().keySet().forEach(keys::remove);
    List<Integer> looksLikeIds = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    match.undecided().keySet().forEach(i -> (holdsIds(i, sample) ? looksLikeIds : others).add(i));
    for (Integer i : looksLikeIds) place(keys, i, match.undecided().get(i), true);
    for (Integer i : others) place(keys, i, match.undecided().get(i), false);
    List<String> ignored = new ArrayList<>(match.ignored());
    match.undecided().keySet().stream().filter(i -> !keys.containsKey(i)).forEach(i -> ignored.add("#" + (i + 1)));
    return new Match(keys, Map.of(), ignored);
  }

  private void place(Map<Integer, String> keys, int column, List<String> candidates, boolean ids) {
    Set<String> ordered = new LinkedHashSet<>();
    candidates.stream().filter(k -> isIdKey(k) == ids).forEach(ordered::add);
    ordered.addAll(candidates);
    for (String key : ordered) {
      if (!keys.containsValue(key)) {
        keys.put(column, key);
        return;
      }
    }
  }

  private boolean isIdKey(String key) {
    return spec.column(key).map(c -> c.type().equals("citizen-id")).orElse(false);
  }

  private static boolean holdsIds(int column, List<List<String>> sample) {
    int values = 0;
    int ids = 0;
    for (List<String> row : sample) {
      if (column >= row.size()) continue;
      String v = Cells.clean(row.get(column));
      if (v.isEmpty() || Cells.isNone(v)) continue;
      values++;
      String id = CellTypes.personId(v);
      if (id != null && CellTypes.citizenIdChecksumOk(id)) ids++;
    }
    return values > 0 && ids >= values * ID_SHARE;
  }

  /** The keys a header cell may mean: as written, then without a trailing note, then line by line. */
  List<String> candidates(String cell) {
    if (cell.length() > MAX_HEADER_CHARS) return List.of();
    List<String> keys = headerToKeys.get(normalize(cell));
    if (keys != null) return keys;
    String bare = withoutNotes(Cells.clean(cell));
    keys = headerToKeys.get(normalize(bare));
    if (keys != null) return keys;
    // A header cell may hold the Thai header with the English one beneath it, as the templates write them.
    for (String line : cell.split("\\R")) {
      keys = headerToKeys.get(normalize(line));
      if (keys != null) return keys;
    }
    return List.of();
  }

  /**
   * Of the headers nobody reads, those that look like a known one with another suffix ("บ้านเลขที่ (ที่อยู่เดิม)"
   * beside "บ้านเลขที่"): each with the key it resembles, so a dry run can name them rather than drop their data
   * unseen.
   */
  public Map<String, String> lookAlikes(List<String> ignored) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String header : ignored) {
      String bare = header.replaceAll("\\([^()]*\\)", " ").strip();
      if (bare.equals(header) || bare.isEmpty()) continue;
      List<String> keys = headerToKeys.get(normalize(bare));
      if (keys != null) found.put(header, keys.get(0));
    }
    return found;
  }

  private static String withoutNotes(String header) {
    String bare = header;
    for (var m = NOTE.matcher(bare); m.find(); m = NOTE.matcher(bare)) bare = bare.substring(0, m.start());
    return bare;
  }

  /** A header as the answer names it: cleaned, and cut if it is too long to be anyone's header. */
  static String shown(String cell) {
    String clean = Cells.clean(cell.length() > MAX_HEADER_CHARS ? cell.substring(0, MAX_HEADER_CHARS) : cell);
    return cell.length() > MAX_HEADER_CHARS ? clean + "…" : clean;
  }

  static String normalize(String s) {
    return Cells.clean(s).replace("*", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }
}
