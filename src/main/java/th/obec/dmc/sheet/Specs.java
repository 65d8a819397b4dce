package th.obec.dmc.sheet;

import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The column specs of every workbook, by kind, loaded once from {@code templates/}. */
public final class Specs {
  private final Map<String, SheetSpec> byKind;

  private Specs(Map<String, SheetSpec> byKind) {
    this.byKind = Map.copyOf(byKind);
  }

  /** Loads each kind's {@code templates/<kind>.json}, with its titles' date placeholders filled in. */
  public static Specs load(Iterable<String> kinds, Map<String, String> dates) {
    Map<String, SheetSpec> specs = new LinkedHashMap<>();
    for (String kind : kinds) specs.put(kind, SheetSpecs.load(kind).withDates(dates));
    return new Specs(specs);
  }

  /** The spec of a kind the code names: a typo fails at start, naming the template, never a null later. */
  public SheetSpec require(String kind) {
    SheetSpec spec = byKind.get(kind);
    if (spec == null) throw new IllegalArgumentException("no workbook spec templates/" + kind + ".json is loaded");
    return spec;
  }

  /** The spec of a kind a user asked for, if there is one. */
  public Optional<SheetSpec> find(String kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  public Set<String> kinds() {
    return new TreeSet<>(byKind.keySet());
  }
}
