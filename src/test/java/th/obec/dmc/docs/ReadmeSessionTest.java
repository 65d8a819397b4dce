package th.obec.dmc.docs;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.Workbooks;

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
 * The README's first session, pasted into a shell as a newcomer would: the same curl commands, against
 * a server just started, with only the port and the printed password filled in. The start is quiet.
 */
class ReadmeSessionTest {
  private static final Pattern SESSION = Pattern.compile("A first session against a running server:\\s*```sh\\n(.*?)```",
      Pattern.DOTALL);

  @Test
  void theReadmesFirstSessionWorksAsWritten() throws Exception {
    Matcher m = SESSION.matcher(Files.readString(Path.of("README.md")));
    assertTrue(m.find(), "the README has a first session");
    String session = m.group(1);
    Path work = th.obec.dmc.support.ClassResources.folder(ReadmeSessionTest.class, "dmc-readme");
    Files.write(work.resolve("schools.xlsx"), Workbooks.xlsx(
        new Object[] {"รหัส สพท.", "ชื่อ สพท.", "ประเภท สพท.", "จังหวัด", "รหัสโรงเรียน", "ชื่อโรงเรียน"},
        new Object[] {"1001", "สพป.ทดสอบ เขต 1", "สพป.", "ตาก", "1063000001", "โรงเรียนทดสอบ"}));
    try (ForkedServer server = ForkedServer.start(TestDatabase.fresh(ReadmeSessionTest.class), work.resolve("data"),
        "256m", Map.of())) {
      String port = server.base.substring(server.base.lastIndexOf(':') + 1);
      String script = session.replace("localhost:8080", "localhost:" + port)
          .replace("<printed password>", ForkedServer.ADMIN_PASSWORD);
      Process shell = new ProcessBuilder("bash", "-e", "-c", script).directory(work.toFile())
          .redirectErrorStream(true).start();
      String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, shell.exitValue(), output);
      assertTrue(output.contains("\"academicYear\""), "the calendar answered:\n" + output);
      assertTrue(output.contains("{\"areas\":{\"created\":1,\"updated\":0},\"schools\":{\"created\":1,\"updated\":0}}"),
          "the registry was imported:\n" + output);
      // A clean start and a first session log no warning: a WARN line in operation means something to act on.
      assertTrue(server.log().stream().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
          String.join("\n", server.log()));
    }
  }
}
