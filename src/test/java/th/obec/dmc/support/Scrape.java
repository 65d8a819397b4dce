package th.obec.dmc.support;

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
    StringBuilder filter = new StringBuilder();
    for (String label : labels) {
      String[] kv = label.split("=", 2);
      filter.append("(?=[^}]*").append(Pattern.quote(kv[0] + "=\"" + kv[1] + "\"")).append(')');
    }
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + filter + "[^}]*} (\\S+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) sum += Double.parseDouble(m.group(1));
    return sum;
  }
}
