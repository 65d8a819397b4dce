package th.obec.dmc.app;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.TestDatabase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as its own process, as ops run it: it announces its port, serves, and stops on SIGTERM. */
class SigtermTest {

  @Test
  void sigtermClosesHttpAndThePoolAndExits() throws Exception {
    try (ForkedServer server = ForkedServer.start(TestDatabase.fresh(SigtermTest.class),
        ClassResources.folder(SigtermTest.class, "dmc-sigterm"), "256m", Map.of())) {
      assertEquals(200, server.get("/health", null).statusCode());
      assertTrue(server.terminate(Duration.ofSeconds(30)), "exits after SIGTERM");
      List<String> lines = server.log();
      assertTrue(lines.stream().anyMatch(l -> l.contains("event=stopping")), String.join("\n", lines));
      assertTrue(lines.stream().anyMatch(l -> l.contains("event=stopped")), String.join("\n", lines));
      assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR")), String.join("\n", lines));
    }
  }

  /** Documented choice: without its database the server does not wait; it exits non-zero with one clear line. */
  @Test
  void withoutItsDatabaseTheServerExitsWithOneClearLine() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Xmx256m", "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve").redirectErrorStream(true);
    pb.environment().put("DMC_HTTP_PORT", "0");
    pb.environment().put("DMC_DATA_DIR", th.obec.dmc.support.ClassResources.folder(SigtermTest.class, "dmc-nodb").toString());
    pb.environment().put("DMC_ADMIN_PASSWORD", "nodb-password");
    pb.environment().put("DMC_DB_URL", "postgresql://dmc:secret@localhost:" + closedPort + "/dmc");
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "it exits");
    assertEquals(1, process.exitValue(), output);
    assertTrue(output.contains("cannot reach PostgreSQL at postgresql://dmc@localhost:" + closedPort + "/dmc"), output);
    assertTrue(output.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + output);
    assertTrue(output.lines().noneMatch(l -> l.contains("secret")), "the password is not printed");
  }


}
