package th.obec.dmc.sheet;

import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A workbook kind: its sheet name, title and columns, read from {@code templates/<kind>.json}, with the rule
 * codes that are warnings and, for students, the promotion tracks (the grades in the order students go).
 * A row's checked values are kept in {@link #storedKeys()} order: the columns, then the text beside each
 * open list's "other" code.
 */
public final class SheetSpec {
  private final String kind;
  private final String sheetNameTh;
  private final String sheetNameEn;
  private final String titleTh;
  private final String titleEn;
  private final List<ColumnSpec> columns;
  private final Set<String> warnings;
  private final List<List<String>> promotion;
  private final List<String> storedKeys;
  /** A map, not a scan: a 100,000-row upload asks for a column's position millions of times. */
  private final Map<String, Integer> index = new HashMap<>();

  public SheetSpec(String kind, String sheetNameTh, String sheetNameEn, String titleTh, String titleEn,
                   List<ColumnSpec> columns, Set<String> warnings, List<List<String>> promotion) {
    this.kind = kind;
    this.sheetNameTh = sheetNameTh;
    this.sheetNameEn = sheetNameEn;
    this.titleTh = titleTh;
    this.titleEn = titleEn;
    this.columns = List.copyOf(columns);
    this.warnings = Set.copyOf(warnings);
    this.promotion = promotion;
    List<String> keys = new ArrayList<>();
    columns.forEach(c -> keys.add(c.key()));
    columns.forEach(c -> c.otherCode().ifPresent(o -> keys.add(c.otherKey())));
    this.storedKeys = List.copyOf(keys);
    for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
  }

  public String kind() { return kind; }
  public String sheetNameTh() { return sheetNameTh; }
  public String sheetNameEn() { return sheetNameEn; }
  public String titleTh() { return titleTh; }
  public String titleEn() { return titleEn; }
  public List<ColumnSpec> columns() { return columns; }
  public Set<String> warnings() { return warnings; }
  public List<List<String>> promotion() { return promotion; }

  /** The keys of a checked row's values: every column, then {@code <key>_other} for each open list. */
  public List<String> storedKeys() {
    return storedKeys;
  }

  /** The rule codes that are warnings for this workbook: reported with row and column, never blocking. */
  public boolean isWarning(String code) {
    return warnings.contains(code);
  }

  /** The position of a stored key in a checked row, or -1. */
  public int indexOf(String key) {
    Integer i = index.get(key);
    return i == null ? -1 : i;
  }

  public Optional<ColumnSpec> column(String key) {
    int i = indexOf(key);
    return i >= 0 && i < columns.size() ? Optional.of(columns.get(i)) : Optional.empty();
  }

  /** The column, or an error naming the template: a typo in a key must fail loudly, not read as blank. */
  public ColumnSpec require(String key) {
    return column(key).orElseThrow(() -> new IllegalArgumentException("templates/" + kind + ".json has no column " + key));
  }

  /** The same workbook with its title's date placeholders ({countDate}, {buildingsDate}) filled in. */
  public SheetSpec withDates(Map<String, String> dates) {
    String th = titleTh;
    String en = titleEn;
    for (Map.Entry<String, String> d : dates.entrySet()) {
      th = th.replace("{" + d.getKey() + "}", d.getValue());
      en = en.replace("{" + d.getKey() + "}", d.getValue());
    }
    return new SheetSpec(kind, sheetNameTh, sheetNameEn, th, en, columns, warnings, promotion);
  }

  /** The columns the blank template carries: the portal's extra fields are read, but not asked for. */
  public SheetSpec forTemplate() {
    return withColumns(ColumnSpec::inTemplate);
  }

  /** The same workbook with only the columns {@code keep} keeps. */
  public SheetSpec withColumns(Predicate<ColumnSpec> keep) {
    if (columns.stream().allMatch(keep)) return this;
    return new SheetSpec(kind, sheetNameTh, sheetNameEn, titleTh, titleEn, columns.stream().filter(keep).toList(),
        warnings, promotion);
  }

  /** {@code birth_date} becomes {@code birthDate}: spec keys as the JSON API names them. */
  public static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
