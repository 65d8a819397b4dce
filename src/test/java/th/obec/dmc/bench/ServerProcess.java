package th.obec.dmc.bench;

import th.obec.dmc.db.DatabaseUrl;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server from the fat jar as a process of its own, as the benchmarks measure it; its errors are echoed. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("event=listening port=(\\d+)");

  private final Process process;
  final String base;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.base = "http://localhost:" + port;
  }

  static ServerProcess start(DatabaseUrl db, Path data, String heap, Map<String, String> env) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx" + heap, "-jar", "target/dmc-gateway.jar")
        .redirectErrorStream(true);
    pb.environment().put("DMC_HTTP_PORT", "0");
    pb.environment().put("DMC_DATA_DIR", data.toString());
    pb.environment().put("DMC_ADMIN_PASSWORD", "bench-admin-password");
    pb.environment().put("DMC_DB_URL", "postgresql://" + db.user() + ":@" + db.host() + ":" + db.port() + "/" + db.database());
    pb.environment().putAll(env);
    Process process = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines()
            .filter(l -> l.contains("ERROR") || l.contains("blocked") || l.contains("OutOfMemory") || l.contains("upload_"))
            .limit(60).forEach(l -> System.err.println("server: " + l)));
        drain.setDaemon(true);
        drain.start();
        return new ServerProcess(process, Integer.parseInt(m.group(1)));
      }
    }
    throw new IllegalStateException("the server did not start");
  }

  /** The server's heap high-water mark, from its own /metrics. */
  double heapPeakBytes(HttpClient http) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^dmc_jvm_heap_peak_bytes\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
    if (!m.find()) throw new IllegalStateException("no dmc_jvm_heap_peak_bytes in /metrics");
    return Double.parseDouble(m.group(1));
  }

  @Override
  public void close() throws Exception {
    process.toHandle().destroy();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
