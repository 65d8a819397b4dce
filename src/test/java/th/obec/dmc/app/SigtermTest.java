package th.obec.dmc.app;

import org.junit.jupiter.api.Test;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.TestDatabase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as its own process, as ops run it: it announces its port, serves, and stops on SIGTERM. */
class SigtermTest {
  private static final Pattern LISTENING = Pattern.compile("event=listening port=(\\d+)");

  @Test
  void sigtermClosesHttpAndThePoolAndExits() throws Exception {
    DatabaseUrl db = TestDatabase.fresh(SigtermTest.class);
    Path dataDir = th.obec.dmc.support.ClassResources.folder(SigtermTest.class, "dmc-sigterm");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Xmx256m",
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve")
        .redirectErrorStream(true);
    pb.environment().put("DMC_HTTP_PORT", "0");
    pb.environment().put("DMC_HTTP_INSTANCES", "2");
    pb.environment().put("DMC_DATA_DIR", dataDir.toString());
    pb.environment().put("DMC_ADMIN_PASSWORD", "sigterm-password");
    pb.environment().put("DMC_DB_URL",
        "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    Process process = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) lines.add(line);
      } catch (Exception ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      int port = awaitPort(lines, process);
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());

      // SIGTERM through the handle: Process.destroy() would also close the pipe the log is read from.
      assertTrue(process.toHandle().destroy());
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
      reader.join(5_000);
      assertTrue(lines.stream().anyMatch(l -> l.contains("event=stopping")), String.join("\n", lines));
      assertTrue(lines.stream().anyMatch(l -> l.contains("event=stopped")), String.join("\n", lines));
      assertTrue(lines.stream().noneMatch(l -> l.contains("ERROR")), String.join("\n", lines));
    } finally {
      process.destroyForcibly();
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

  private static int awaitPort(List<String> lines, Process process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) throw new AssertionError("the server died:\n" + String.join("\n", lines));
      Thread.sleep(50);
    }
    throw new AssertionError("the server never said it was listening:\n" + String.join("\n", lines));
  }
}
