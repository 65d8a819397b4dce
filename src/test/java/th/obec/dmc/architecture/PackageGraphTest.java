package th.obec.dmc.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the code, read from its imports: the packages under th.obec.dmc form no cycle, the
 * shared kernel imports no feature, nothing imports the composition root, and only repositories see
 * a database row.
 */
class PackageGraphTest {
  private static final Path MAIN = Path.of("src/main/java/th/obec/dmc");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+th\\.obec\\.dmc\\.(\\w+);");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?th\\.obec\\.dmc\\.(\\w+)\\.");
  private static final Pattern QUALIFIED = Pattern.compile("\\bth\\.obec\\.dmc\\.(\\w+)\\.[A-Z]");

  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find()) continue;
        String from = pkg.group(1);
        Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
        for (Pattern p : List.of(IMPORT, QUALIFIED)) {
          Matcher m = p.matcher(source);
          while (m.find()) if (!m.group(1).equals(from)) to.add(m.group(1));
        }
      }
    }
    return edges;
  }

  @Test
  void thePackagesFormNoCycle() throws IOException {
    Map<String, Set<String>> edges = graph();
    List<String> cycles = new ArrayList<>();
    for (String start : edges.keySet()) {
      // A path from one of start's targets back to start is a cycle through start.
      Deque<List<String>> paths = new ArrayDeque<>();
      for (String next : edges.get(start)) paths.push(List.of(start, next));
      Set<String> seen = new TreeSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.pop();
        String last = path.get(path.size() - 1);
        if (last.equals(start)) {
          cycles.add(String.join(" -> ", path));
          break;
        }
        if (!seen.add(last)) continue;
        for (String next : edges.getOrDefault(last, Set.of())) {
          List<String> longer = new ArrayList<>(path);
          longer.add(next);
          paths.push(longer);
        }
      }
    }
    assertEquals(List.of(), cycles, "package cycles; the graph is " + edges);
  }

  @Test
  void theKernelImportsNoFeatureAndNothingImportsTheCompositionRoot() throws IOException {
    Map<String, Set<String>> edges = graph();
    assertEquals(Set.of(), edges.getOrDefault("kernel", Set.of()), "the kernel imports no feature");
    edges.forEach((from, to) -> assertTrue(!to.contains("app"), from + " imports the composition root"));
  }

  @Test
  void onlyRepositoriesSeeADatabaseRow() throws IOException {
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith("Repository.java") || file.getParent().endsWith("db")) continue;
        if (Files.readString(file).contains("io.vertx.sqlclient.Row")) leaks.add(MAIN.relativize(file).toString());
      }
    }
    assertEquals(List.of(), leaks, "io.vertx.sqlclient.Row outside repositories");
  }

  /**
   * Issue 32: services take and return records; only the routes and the codecs (records' own toJson, the
   * features' *Json classes) write JSON. No method of a service (a class named *Service, *Report or *Reports, or
   * DayProgress) other than a private one returns a JsonObject or a JsonArray, or a Future of one.
   */
  @Test
  void servicesReturnRecordsNotJson() throws IOException {
    Pattern jsonMethod = Pattern.compile(
        "(?m)^\\s*(?!private)(public |protected |static |final |synchronized )*(Future<)?(JsonObject|JsonArray)>? (\\w+)\\(");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = file.getFileName().toString().replace(".java", "");
        if (!(name.endsWith("Service") || name.endsWith("Report") || name.endsWith("Reports") || name.equals("DayProgress"))) continue;
        Matcher m = jsonMethod.matcher(Files.readString(file));
        while (m.find()) if (!m.group(4).equals("toJson")) found.add(name + "." + m.group(4));
      }
    }
    assertEquals(List.of(), found, "service methods returning JSON: return a record, write it at the route");
  }
}
