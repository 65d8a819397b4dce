package th.obec.dmc.support;

import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a Prometheus text scrape (/metrics) in tests and benchmarks. */
public final class Scrape {
  private Scrape() {}

  /**
   * The sum of the series named {@code name} whose labels hold every {@code key="value"} given (as
   * "key=value" strings); 0 when there is none.
   */
  public static double sum(String metrics, String name, String... labels) {
    Matcher m = series(metrics, name, labels);
    double sum = 0;
    while (m.find()) sum += Double.parseDouble(m.group(1));
    return sum;
  }

  /**
   * A histogram's cumulative counts by upper bound ({@code le}, +Inf last), summed over the series of
   * {@code name}_bucket whose labels hold every one given.
   */
  public static TreeMap<Double, Double> buckets(String metrics, String name, String... labels) {
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    Matcher les = Pattern.compile("le=\"([^\"]+)\"").matcher(metrics);
    Matcher m = series(metrics, name + "_bucket", labels);
    while (m.find()) {
      les.region(m.start(), m.end());
      if (!les.find()) continue;
      double le = les.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(les.group(1));
      cumulative.merge(le, Double.parseDouble(m.group(1)), Double::sum);
    }
    return cumulative;
  }

  /** The value of each series of {@code name} whose labels hold every "key=value" given, as group 1. */
  private static Matcher series(String metrics, String name, String... labels) {
    StringBuilder filter = new StringBuilder();
    for (String label : labels) {
      String[] kv = label.split("=", 2);
      filter.append("(?=[^}]*").append(Pattern.quote(kv[0] + "=\"" + kv[1] + "\"")).append(')');
    }
    return Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + filter + "[^}]*} (\\S+)$").matcher(metrics);
  }
}
