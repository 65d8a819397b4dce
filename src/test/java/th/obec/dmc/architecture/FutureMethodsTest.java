package th.obec.dmc.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 32: a method that returns a Future never throws; it fails its future. Its callers can then chain it
 * without a defensive try. Read from the sources: in the body of every method declared to return a Future, no
 * {@code throw} and no call known to throw (a JSON field read, a password check, a phase check, {@code orElseThrow})
 * outside a lambda (where compose and map turn a throw into a failed future) or a try block. Route classes are
 * left out: a route handler that throws fails its request, which is what it means.
 */
class FutureMethodsTest {
  private static final Path MAIN = Path.of("src/main/java/th/obec/dmc");
  private static final Pattern FUTURE_METHOD = Pattern.compile(
      "^\\s*(public|private|protected|static|final|synchronized|\\s)*(io\\.vertx\\.core\\.)?Future<.*>\\s+(\\w+)\\s*\\(");
  private static final Pattern THROWS = Pattern.compile("(^|[^\\w.])throw\\s|Json\\.requiredText\\(|Json\\.body\\("
      + "|Passwords\\.check\\(|gate\\.check\\(|\\.orElseThrow\\(|AnswerRequest\\.of\\(");

  @Test
  void noMethodThatReturnsAFutureThrows() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java") && !p.toString().endsWith("Routes.java")).toList()) {
        scan(file, Files.readAllLines(file), found);
      }
    }
    assertEquals(List.of(), found, "methods returning a Future that throw: fail the future instead");
  }

  private static void scan(Path file, List<String> lines, List<String> found) {
    for (int i = 0; i < lines.size(); i++) {
      var m = FUTURE_METHOD.matcher(lines.get(i));
      if (!m.find() || lines.get(i).strip().endsWith(";")) continue;
      int j = i;
      while (j < lines.size() && !lines.get(j).contains("{")) {
        if (lines.get(j).strip().endsWith(";")) break;
        j++;
      }
      if (j >= lines.size() || !lines.get(j).contains("{")) continue;
      i = body(file, lines, j, m.group(3), found);
    }
  }

  /** Scans the body opened on line {@code open}; answers the line where it closes. */
  private static int body(Path file, List<String> lines, int open, String method, List<String> found) {
    Deque<String> blocks = new ArrayDeque<>(List.of("method"));
    String statement = "";
    for (int k = open + 1; k < lines.size(); k++) {
      String line = lines.get(k);
      String s = line.strip();
      if (s.startsWith("//") || s.startsWith("*")) continue;
      statement = statement.isEmpty() ? s : statement + " " + s;
      boolean guarded = blocks.contains("lambda") || blocks.contains("try");
      if (!guarded && THROWS.matcher(statement.split("->")[0]).find()) {
        found.add(file + ":" + (k + 1) + " " + method + ": " + s);
      }
      for (int c = 0; c < line.length(); c++) {
        char ch = line.charAt(c);
        if (ch == '{') {
          String before = line.substring(0, c);
          blocks.push(before.contains("->") ? "lambda" : before.matches(".*\\btry\\s*$") ? "try" : "block");
        } else if (ch == '}') {
          blocks.pop();
          if (blocks.isEmpty()) return k;
        }
      }
      if (s.endsWith(";") || s.endsWith("{") || s.endsWith("}")) statement = "";
    }
    return lines.size();
  }
}
