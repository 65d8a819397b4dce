package th.obec.dmc.docs;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first session, pasted into a shell as a newcomer would, from the repository's root with the
 * repository's own example files: the same curl commands, against a server just started, with only the port
 * and the printed password filled in. The start and the session are quiet (no WARN).
 */
class ReadmeSessionTest {
  private static final Pattern SESSION = Pattern.compile("A first session against a running server.*?```sh\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void theReadmesFirstSessionWorksAsWritten() throws Exception {
    Matcher m = SESSION.matcher(Files.readString(Path.of("README.md")));
    assertTrue(m.find(), "the README has a first session");
    String session = m.group(1);
    Path work = th.obec.dmc.support.ClassResources.folder(ReadmeSessionTest.class, "dmc-readme");
    Path root = Path.of("").toAbsolutePath();
    try (ForkedServer server = ForkedServer.start(TestDatabase.fresh(ReadmeSessionTest.class), work.resolve("data"),
        "256m", Map.of(th.obec.dmc.support.TestServer.FRESH_ADMIN, "yes"))) {
      String port = server.base.substring(server.base.lastIndexOf(':') + 1);
      String script = session.replace("localhost:8080", "localhost:" + port)
          .replace("<printed password>", ForkedServer.ADMIN_PASSWORD);
      Process shell = new ProcessBuilder("bash", "-e", "-c", script).directory(root.toFile())
          .redirectErrorStream(true).start();
      String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, shell.exitValue(), output);
      assertTrue(output.contains("\"academicYear\""), "the calendar answered:\n" + output);
      assertTrue(output.contains("{\"areas\":{\"created\":1,\"updated\":0},\"schools\":{\"created\":3,\"updated\":0},\"moved\":[]}"),
          "the registry was imported:\n" + output);
      assertTrue(output.contains("\"status\":\"validated\"") && output.contains("\"valid\":40"),
          "the portal's export passed the dry run:\n" + output);
      assertTrue(output.contains("\"ignoredColumns\":[\"ชื่อโรงเรียน\""), "the clerk sees what was not read:\n" + output);
      // A clean start and a first session log no warning: a WARN line in operation means something to act on.
      assertTrue(server.log().stream().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
          String.join("\n", server.log()));
    }
  }
}
