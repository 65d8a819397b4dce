package th.obec.dmc.support;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.app.Main;
import th.obec.dmc.db.DatabaseUrl;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a process of its own, with its own heap limit, as ops run it: so that a test can
 * measure its heap, kill it with SIGKILL, and start it again on the same data folder.
 */
public final class ForkedServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("event=listening port=(\\d+)");
  public static final String ADMIN_PASSWORD = "forked-admin-password";

  private final Process process;
  private final List<String> lines;
  public final String base;
  public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private ForkedServer(Process process, List<String> lines, int port) {
    this.process = process;
    this.lines = lines;
    this.base = "http://localhost:" + port;
  }

  /** {@code db} null: the server starts its own embedded PostgreSQL in {@code data}. */
  public static ForkedServer start(DatabaseUrl db, Path data, String heap, Map<String, String> env) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    // The product's own log configuration, not the quieter one of the tests: the port is announced at INFO.
    // A process group of its own (setsid), so a test can kill the server with everything it started.
    ProcessBuilder pb = new ProcessBuilder("setsid", java.toString(), "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve")
        .redirectErrorStream(true);
    Map<String, String> all = new HashMap<>();
    all.put("DMC_HTTP_PORT", "0");
    all.put("DMC_HTTP_INSTANCES", "2");
    all.put("DMC_DATA_DIR", data.toString());
    all.put("DMC_ADMIN_PASSWORD", ADMIN_PASSWORD);
    if (db != null) all.put("DMC_DB_URL", db.withPassword());
    // A benchmark run with -Dbench.jfr=FILE records the server it measures, not itself.
    // -Dbench.jvm="..." adds options of its own (a GC log, say).
    String jfr = System.getProperty("bench.jfr");
    String options = (jfr == null ? "" : "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile ")
        + System.getProperty("bench.jvm", "");
    if (!options.isBlank()) all.put("JAVA_TOOL_OPTIONS", options.strip());
    all.putAll(env);
    pb.environment().putAll(all);
    boolean settle = db != null && !env.containsKey(TestServer.FRESH_ADMIN);
    Process process = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) lines.add(line);
      } catch (Exception ignored) {
        // the process ended
      }
    }, "forked-server-log");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          if (settle) TestServer.settleFirstAdmin(db);
          return new ForkedServer(process, lines, Integer.parseInt(m.group(1)));
        }
      }
      if (!process.isAlive()) throw new AssertionError("the server died:\n" + String.join("\n", lines));
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("the server never said it was listening:\n" + String.join("\n", lines));
  }

  /** A benchmark's view of the log, on stderr: errors, blocked threads, a full heap, and the upload stages. */
  public void echoNotable() {
    int shown = 0;
    boolean trace = false;
    for (String l : List.copyOf(lines)) {
      // An error's stack trace follows its line: kept with it, or the error cannot be told apart.
      boolean notable = l.contains("ERROR") || l.contains("blocked") || l.contains("OutOfMemory") || l.contains("upload_");
      boolean traceLine = trace && (l.startsWith("\t") || l.startsWith("Caused by") || l.startsWith("java.")
          || l.startsWith("io.") || l.startsWith("th."));
      if ((notable || traceLine) && shown++ < 200) System.err.println("server: " + l);
      trace = notable || traceLine;
    }
  }

  public List<String> log() {
    return lines;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String token, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(300))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> postJson(String path, String token, JsonObject body) throws Exception {
    return post(path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  public String login(String username, String password) throws Exception {
    HttpResponse<String> r = postJson("/api/v1/auth/token", null,
        new JsonObject().put("username", username).put("password", password));
    if (r.statusCode() != 200) throw new AssertionError("login of " + username + ": " + r.body());
    return new JsonObject(r.body()).getString("access_token");
  }

  /** The first login of an account whose password must be changed: logs in, changes it, returns the working token. */
  public String firstLogin(String username, String initial, String chosen) throws Exception {
    HttpResponse<String> r = postJson("/api/v1/auth/password", login(username, initial),
        new JsonObject().put("currentPassword", initial).put("newPassword", chosen));
    if (r.statusCode() != 200) throw new AssertionError("first password change of " + username + ": " + r.body());
    return new JsonObject(r.body()).getString("access_token");
  }

  /** Creates an account and changes its initial password as its user would; returns a working token. */
  public String createUser(String adminToken, String username, String role, String scopeField, String scope)
      throws Exception {
    JsonObject body = new JsonObject().put("username", username).put("password", "initial-password-1").put("role", role);
    if (scopeField != null) body.put(scopeField, scope);
    HttpResponse<String> created = postJson("/api/v1/users", adminToken, body);
    if (created.statusCode() != 201) throw new AssertionError("creating " + username + ": " + created.body());
    HttpResponse<String> changed = postJson("/api/v1/auth/password", login(username, "initial-password-1"),
        new JsonObject().put("currentPassword", "initial-password-1").put("newPassword", "password-1234"));
    if (changed.statusCode() != 200) throw new AssertionError("password change of " + username + ": " + changed.body());
    return new JsonObject(changed.body()).getString("access_token");
  }

  /** The server's own heap high-water mark, from its /metrics. */
  public double heapPeakBytes() throws Exception {
    String metrics = get("/metrics", null).body();
    Matcher m = Pattern.compile("(?m)^dmc_jvm_heap_peak_bytes\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
    if (!m.find()) throw new AssertionError("no dmc_jvm_heap_peak_bytes in /metrics");
    return Double.parseDouble(m.group(1));
  }

  /** SIGTERM, as ops stop it; true when it exited within the time. The log stays readable afterwards. */
  public boolean terminate(Duration within) throws InterruptedException {
    process.toHandle().destroy();
    boolean exited = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    Thread.sleep(200); // the last lines of the log, still in the pipe
    return exited;
  }

  /** SIGKILL to the JVM alone: no shutdown hook runs, and an embedded PostgreSQL is left an orphan. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGKILL to the server's whole process group, its embedded PostgreSQL included, as a container stop would. */
  public void killGroup() throws Exception {
    new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The first log line matching, waiting for it. */
  public String awaitLog(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) if (pattern.matcher(line).find()) return line;
      Thread.sleep(10);
    }
    throw new AssertionError("no log line matching " + pattern + ":\n" + String.join("\n", lines));
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }
}
