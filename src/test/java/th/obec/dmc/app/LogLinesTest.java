package th.obec.dmc.app;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.LogOneLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 5: whatever text reaches a log line, a line break in it cannot forge another line. The product's
 * logging configuration (logback.xml, as the jar runs it) escapes CR, LF and the Unicode line separators.
 */
class LogLinesTest {
  @Test
  void lineBreaksInLoggedTextAreEscapedNeverANewLine() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String forged = "school-1\nevent=admin_created username=evil\r\nx\u2028y";
    Process p = new ProcessBuilder(java.toString(), "-Dlogback.configurationFile=logback.xml", "-cp",
        System.getProperty("java.class.path"), LogOneLine.class.getName(), forged).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    var lines = output.lines().filter(l -> l.contains("event=")).toList();
    assertEquals(2, lines.size(), output);
    assertTrue(lines.get(0).contains("value=school-1\\nevent=admin_created"), lines.get(0));
    // Issue 31 item 4: an exception's text (and its stack) is escaped as the message is.
    assertTrue(lines.get(1).contains("event=failed") && lines.get(1).contains("IllegalStateException: school-1\\nevent=admin_created"),
        lines.get(1));
    assertEquals(2, output.lines().filter(l -> !l.isBlank()).count(), output);
  }
}
