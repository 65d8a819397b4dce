package th.obec.dmc.sheet;

import java.util.function.Predicate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The errors of one file. Counts stay complete, but at most {@link #DETAILED_PER_CODE} rows are
 * detailed for each error code: 200,000 bad rows must not become 200,000 objects in memory or in
 * the answer. Thread-safe: an upload's reader adds errors on a worker while the database checks of its
 * earlier rows add theirs on the event loop.
 */
public final class CellErrors {
  public static final int DETAILED_PER_CODE = 1_000;

  /** One code in one column: how many, and the first error as its example. */
  public static final class Group {
    private final CellError first;
    private int count;

    private Group(CellError first) {
      this.first = first;
    }

    public CellError first() { return first; }
    public int count() { return count; }
  }

  private final Predicate<String> isWarning;
  /** What the spec calls a warning goes here: reported the same way, but the rows still count as good. */
  private final CellErrors warnings;

  /** Every rule an error. */
  public CellErrors() {
    this.isWarning = code -> false;
    this.warnings = null;
  }

  /** The codes {@code spec} lists as warnings are kept apart from the errors. */
  public CellErrors(SheetSpec spec) {
    this.isWarning = spec::isWarning;
    this.warnings = new CellErrors();
  }

  /** The warnings, kept like errors (counted whole, detailed briefly); empty when the spec has none. */
  public CellErrors warnings() {
    return warnings == null ? new CellErrors() : warnings;
  }

  private final List<CellError> detailed = new ArrayList<>();
  private final Map<String, Integer> detailedPerCode = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final BitSet rows = new BitSet();
  private int total;

  public synchronized void add(CellError e) {
    if (warnings != null && isWarning.test(e.code())) {
      warnings.add(e);
      return;
    }
    total++;
    rows.set(Math.max(0, e.row()));
    groups.computeIfAbsent(e.code() + "\u0000" + e.column(), k -> new Group(e)).count++;
    int n = detailedPerCode.merge(e.code(), 1, Integer::sum);
    if (n <= DETAILED_PER_CODE) detailed.add(e);
  }

  /** Every error counted, detailed or not. */
  public synchronized int size() {
    return total;
  }

  public synchronized boolean isEmpty() {
    return total == 0;
  }

  /** Rows with at least one error. */
  public synchronized int invalidRows() {
    return rows.cardinality();
  }

  public synchronized boolean hasRow(int row) {
    return row >= 0 && rows.get(row);
  }

  /** The errors kept in detail, in the order they were found. */
  public synchronized List<CellError> detailed() {
    return List.copyOf(detailed);
  }

  public synchronized List<Group> groups() {
    return List.copyOf(groups.values());
  }
}
