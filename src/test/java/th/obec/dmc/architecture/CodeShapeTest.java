package th.obec.dmc.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 32: code a newcomer reads fast. No method is 60 lines or longer, and no lambda nests more than three deep
 * (a chain that needs more is a named step). Read from the sources with strings, text blocks and comments blanked
 * (their lines kept), and a switch's {@code case ->} not counted as a lambda.
 */
class CodeShapeTest {
  private static final Path MAIN = Path.of("src/main/java/th/obec/dmc");
  private static final int LONGEST = 59;
  private static final int DEEPEST = 3;
  private static final Pattern METHOD = Pattern.compile(
      "^\\s*(public |private |protected |static |final |synchronized |default )*[\\w<>\\[\\],.? ]+\\s+(\\w+)\\s*\\([^;{]*\\)\\s*(throws [\\w., ]+)?\\s*\\{\\s*$");
  private static final Pattern NOT_A_METHOD = Pattern.compile("^\\s*(if|for|while|switch|catch|else|try|return|new|record|class|interface|enum)\\b|\\brecord\\b");

  @Test
  void noMethodIsSixtyLinesLong() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path file : sources()) {
      List<String> lines = blanked(Files.readString(file)).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = METHOD.matcher(lines.get(i));
        if (!m.find() || NOT_A_METHOD.matcher(lines.get(i)).find()) continue;
        int depth = 0;
        int j = i;
        do {
          depth += count(lines.get(j), '{') - count(lines.get(j), '}');
          j++;
        } while (j < lines.size() && depth > 0);
        if (j - i > LONGEST) long_.add(MAIN.relativize(file) + ":" + (i + 1) + " " + m.group(2) + " " + (j - i) + " lines");
      }
    }
    assertEquals(List.of(), long_);
  }

  @Test
  void noLambdaNestsMoreThanThreeDeep() throws IOException {
    List<String> deep = new ArrayList<>();
    for (Path file : sources()) {
      String src = blanked(Files.readString(file))
          .replaceAll("\\bcase\\b[^;{]*?->", "case :").replaceAll("\\bdefault\\s*->", "default :");
      Deque<Integer> lambdas = new ArrayDeque<>();
      int depth = 0;
      int line = 1;
      for (int i = 0; i < src.length(); i++) {
        char c = src.charAt(i);
        if (c == '\n') line++;
        if (c == '(' || c == '{') depth++;
        if (c == ')' || c == '}') {
          depth--;
          while (!lambdas.isEmpty() && lambdas.peek() > depth) lambdas.pop();
        }
        if (c == ';' || c == ',') while (!lambdas.isEmpty() && lambdas.peek() == depth) lambdas.pop();
        if (src.startsWith("->", i)) {
          lambdas.push(depth);
          if (lambdas.size() > DEEPEST) deep.add(MAIN.relativize(file) + ":" + line + " " + lambdas.size() + " deep");
        }
      }
    }
    assertEquals(List.of(), deep);
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** Text blocks, strings and comments blanked, their line breaks kept so that line numbers hold. */
  private static String blanked(String src) {
    src = replace(src, Pattern.compile("\"\"\"[\\s\\S]*?\"\"\""));
    src = replace(src, Pattern.compile("/\\*[\\s\\S]*?\\*/"));
    src = src.replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"").replaceAll("'(?:\\\\.|[^'\\\\\\n])'", "' '");
    return src.replaceAll("//[^\\n]*", "");
  }

  private static String replace(String src, Pattern p) {
    return p.matcher(src).replaceAll(m -> "\"\"" + "\n".repeat((int) m.group().chars().filter(ch -> ch == '\n').count()));
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(ch -> ch == c).count();
  }
}
