package th.obec.dmc.bench;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.Jwts;
import th.obec.dmc.support.Scrape;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 10 November at the speed of one PostgreSQL: S schools of K students in one area, answered through the
 * real server (the fat jar, its own process) by wrk at C connections. Most requests answer one student,
 * every tenth marks a room present. In the same run and on the same PostgreSQL, pgbench runs the
 * confirm-like anchor transaction (src/test/resources/bench/pgbench-confirm.sql: update 10 rows, insert 1)
 * at the same C connections, and the ratio of the two rates is printed. Then the database is checked:
 * one audit event for every 2xx, one answer row for every answer the events say they wrote, and the kept
 * counts equal to the answers.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.SurgeBenchmark [S K C SECONDS]}
 * <p>{@code -Dbench.jfr=FILE} records the server with JFR (profile settings) into FILE.
 * <p>{@code -Dsurge.upload=true}: the same surge while one more school (not among the answering ones) uploads a
 * 100,000-row roll again and again, each version new so each upload changes every row (issue 29's mix).
 */
public final class SurgeBenchmark {
  private static final int ROOM_SIZE = 30;

  private SurgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int schools = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int perSchool = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    String wrk = DebianPackages.ensure("wrk", "wrk");
    String pgbench = DebianPackages.ensure("pgbench", "postgresql-15");
    Path dir = Files.createTempDirectory("dmc-surge");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("surge");
      Path data = dir.resolve("server");
      Map<String, String> env = new java.util.HashMap<>(Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
      // -Dsurge.batch=N: the server's DMC_ANSWER_BATCH, to compare batch bounds in the same session.
      String batch = System.getProperty("surge.batch");
      if (batch != null) env.put("DMC_ANSWER_BATCH", batch);
      Map<String, Object> result;
      try (ForkedServer server = ForkedServer.start(db, data, "512m", env);
           AutoCloseable echo = server::echoNotable) {
        seed(db, schools, perSchool);
        PrivateKey key = Jwts.privateKey(data.resolve("keys/jwt-private.pem"));
        RollUploads uploads = Boolean.getBoolean("surge.upload") ? RollUploads.start(server, db, key, school(schools)) : null;
        System.out.printf(Locale.ROOT, "schools=%d students=%d connections=%d rooms of %d, %d s%n", schools,
            schools * perSchool, connections, ROOM_SIZE, seconds);
        Path script = dir.resolve("answers.lua");
        Files.writeString(script, luaScript(key, schools, perSchool));
        CpuSplit cpu = new CpuSplit();
        String out = capture(wrk, "-t", String.valueOf(Math.min(2, connections)), "-c", String.valueOf(connections), "-d", seconds + "s", "--timeout", "10s",
            "-s", script.toString(), server.base);
        result = wrkResult(out);
        if (uploads != null) System.out.println("uploads:  " + uploads.stop());
        out.lines().filter(l -> l.startsWith("TAIL ")).forEach(l -> System.out.println("tail:     ms " + l.substring(5)));
        System.out.println(cpu.since());
        System.out.printf(Locale.ROOT, "server:   %d requests in %.1f s = %.0f requests/s; latency ms p50 %.1f p99 %.1f;"
                + " non-2xx %d (429s %d: a school's fifth request waiting; 503s %d), socket errors %d%n",
            (long) result.get("requests"), (double) result.get("seconds"), (double) result.get("rate"),
            (double) result.get("p50"), (double) result.get("p99"), (long) result.get("non2xx"),
            (long) result.get("tooMany"), (long) result.get("shed"), (long) result.get("errors"));
        verify(db, (long) result.get("requests") - (long) result.get("non2xx") - (long) result.get("errors"), connections);
        String metrics = server.http.send(HttpRequest.newBuilder(URI.create(server.base + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        System.out.println("batches:  " + batchSizes(metrics));
        System.out.println("in server: " + serverLatency(metrics));
        String areaToken = Jwts.rs256(claims("area.bench", "area_staff", null, "9001"), key);
        double[] progress = new double[5];
        for (int i = 0; i < progress.length; i++) {
          long t = System.nanoTime();
          HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.base + "/api/v1/areas/9001/progress"))
              .header("Authorization", "Bearer " + areaToken).build(), HttpResponse.BodyHandlers.ofString());
          progress[i] = (System.nanoTime() - t) / 1e6;
          if (r.statusCode() != 200) throw new IllegalStateException("progress " + r.statusCode());
        }
        java.util.Arrays.sort(progress);
        System.out.printf(Locale.ROOT, "progress: area of %d schools, %d students: median %.0f ms (of 5)%n", schools,
            schools * perSchool, progress[2]);
      }
      // -Dsurge.anchor=false: the server's figures alone, when trying a change (no ratio without the anchor).
      if (!Boolean.parseBoolean(System.getProperty("surge.anchor", "true"))) return;
      double tps = pgbench(pgbench, pg.createDatabase("pgbench"), "/bench/pgbench-confirm.sql", true, connections, seconds,
          "confirm-like: update 10 rows + insert 1");
      // The server's own answer statement, without the server: what PostgreSQL alone gives for batches of one
      // student's answer from each of n schools (a round of its own).
      double alone = 0;
      for (int n : new int[] {1, 8, 64}) {
        double batches = pgbench(pgbench, db, "/bench/pgbench-answer.sql", false, connections, seconds,
            "existence_answer_batch() of " + n + " schools' answers", "-D", "n=" + n);
        System.out.printf(Locale.ROOT, "ceiling:  batch of %d: %.0f answers/s = %.2f x anchor%n", n, batches * n,
            batches * n / tps);
        if (n == 1) alone = batches;
      }
      System.out.printf(Locale.ROOT, "ceiling:  existence_answer_batch() of one alone / anchor = %.2f%n", alone / tps);
      System.out.printf(Locale.ROOT, "ratio:    server requests/s / pgbench TPS = %.2f (goal >= 0.5); p99 %.1f ms (goal < 250)%n",
          (double) result.get("rate") / tps, (double) result.get("p99"));
    }
  }

  /**
   * wrk's script: each request picks a school at random; nine in ten answer one student of it, the tenth
   * marks one of its rooms present. A student's answer is fixed by its number (every fiftieth is absent),
   * so answers are written once and never changed, and the database can be checked against the events.
   */
  private static String luaScript(PrivateKey key, int schools, int perSchool) throws Exception {
    StringBuilder tokens = new StringBuilder();
    for (int s = 0; s < schools; s++) {
      tokens.append('"').append(Jwts.rs256(claims("staff" + s, "school_staff", school(s), null), key)).append("\",\n");
    }
    int rooms = (perSchool + ROOM_SIZE - 1) / ROOM_SIZE;
    return """
        local tokens = {%s}
        local n = 0
        local id = 0
        local threads = {}
        function setup(thread) id = id + 1; thread:set("id", id); table.insert(threads, thread) end
        function init(args) math.randomseed(1000 + id) end
        function request()
          n = n + 1
          local s = math.random(0, %d)
          local path = string.format("/api/v1/schools/109%%07d/existence", s)
          local body
          if n %% 10 == 0 then
            local room = math.random(1, %d)
            body = string.format('{"grade":"ป.%%d","room":"%%d"}', 1 + (room - 1) %% 6, room)
          else
            local k = math.random(0, %d)
            if k %% 50 == 7 then
              body = string.format('{"answers":[{"studentId":"G%%012d","present":false,"reason":"long_absence"}]}', s * 10000 + k)
            else
              body = string.format('{"answers":[{"studentId":"G%%012d","present":true}]}', s * 10000 + k)
            end
          end
          return wrk.format("POST", path, {["Authorization"] = "Bearer " .. tokens[s + 1], ["Content-Type"] = "application/json"}, body)
        end
        too_many = 0
        busy = 0
        function response(status, headers, body)
          if status == 429 then too_many = too_many + 1 elseif status == 503 then busy = busy + 1 end
        end
        function done(summary, latency, requests)
          io.write(string.format("RESULT requests=%%d seconds=%%.3f p50=%%.3f p99=%%.3f non2xx=%%d errors=%%d\\n",
            summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
            summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
          io.write(string.format("TAIL p90=%%.1f p99.9=%%.1f max=%%.1f\\n", latency:percentile(90) / 1000,
            latency:percentile(99.9) / 1000, latency.max / 1000))
          local refused, shed = 0, 0
          for _, t in ipairs(threads) do refused = refused + t:get("too_many"); shed = shed + t:get("busy") end
          io.write(string.format("REFUSED 429=%%d 503=%%d\\n", refused, shed))
        end
        """.formatted(tokens, schools - 1, rooms, perSchool - 1);
  }

  private static Map<String, Object> wrkResult(String out) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "RESULT requests=(\\d+) seconds=([0-9.]+) p50=([0-9.]+) p99=([0-9.]+) non2xx=(\\d+) errors=(\\d+)").matcher(out);
    if (!m.find()) throw new IllegalStateException("wrk printed no result:\n" + out);
    java.util.regex.Matcher refused = java.util.regex.Pattern.compile("REFUSED 429=(\\d+) 503=(\\d+)").matcher(out);
    boolean counted = refused.find();
    long requests = Long.parseLong(m.group(1));
    double seconds = Double.parseDouble(m.group(2));
    Map<String, Object> r = new java.util.HashMap<>();
    r.put("requests", requests);
    r.put("seconds", seconds);
    r.put("rate", requests / seconds);
    r.put("p50", Double.parseDouble(m.group(3)));
    r.put("p99", Double.parseDouble(m.group(4)));
    r.put("non2xx", Long.parseLong(m.group(5)));
    r.put("errors", Long.parseLong(m.group(6)));
    r.put("shed", counted ? Long.parseLong(refused.group(2)) : 0L);
    r.put("tooMany", counted ? Long.parseLong(refused.group(1)) : 0L);
    return r;
  }

  /** pgbench with a script of the test resources; {@code initialise} prepares the database with {@code pgbench -i -s 10}. */
  private static double pgbench(String pgbench, DatabaseUrl bench, String resource, boolean initialise, int connections,
                                int seconds, String what, String... defines) throws Exception {
    Path script = Files.createTempFile("pgbench", ".sql");
    try (var in = SurgeBenchmark.class.getResourceAsStream(resource)) {
      Files.write(script, in.readAllBytes());
    }
    List<String> conn = List.of("-h", bench.host(), "-p", String.valueOf(bench.port()), "-U", bench.user());
    List<String> init = new ArrayList<>(List.of(pgbench, "-i", "-s", "10", "-q"));
    init.addAll(conn);
    init.add(bench.database());
    if (initialise) capture(pgbench, init.subList(1, init.size()).toArray(String[]::new));
    // Every transaction's latency logged (-l), for the anchor's own p50 and p99 beside the server's.
    Path logs = Files.createTempDirectory("pgbench-log");
    List<String> run = new ArrayList<>(List.of("-M", "prepared", "-n", "-c", String.valueOf(connections), "-j", "2",
        "-T", String.valueOf(seconds), "-f", script.toString(), "-l", "--log-prefix=" + logs.resolve("tx")));
    run.addAll(List.of(defines));
    run.addAll(conn);
    run.add(bench.database());
    CpuSplit cpu = new CpuSplit();
    String out = capture(pgbench, run.toArray(String[]::new));
    System.out.println(cpu.since());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(out);
    if (!m.find()) throw new IllegalStateException("pgbench printed no tps:\n" + out);
    double tps = Double.parseDouble(m.group(1));
    double[] latency = latencies(logs);
    System.out.printf(Locale.ROOT, "pgbench:  %.0f TPS (%s; -M prepared, %d connections, %d s); latency ms p50 %.1f p99 %.1f%n",
        tps, what, connections, seconds, percentile(latency, 50), percentile(latency, 99));
    return tps;
  }

  /** Each transaction's latency in ms from pgbench's per-transaction logs (the third field, in microseconds). */
  private static double[] latencies(Path logs) throws Exception {
    List<Double> all = new ArrayList<>();
    try (var files = Files.list(logs)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) all.add(Long.parseLong(line.split(" ")[2]) / 1000.0);
        Files.delete(f);
      }
    }
    Files.delete(logs);
    return all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static double percentile(double[] sorted, int p) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** The server's dmc_answer_batch_size histogram: how many batches held up to 1, 2, 4, ... requests. */
  private static String batchSizes(String metrics) {
    StringBuilder out = new StringBuilder();
    double below = 0;
    for (var bucket : Scrape.buckets(metrics, "dmc_answer_batch_size").entrySet()) {
      double cumulative = bucket.getValue();
      if (cumulative > below) out.append(String.format(Locale.ROOT, " <=%s: %.0f;", bucket.getKey(), cumulative - below));
      below = cumulative;
    }
    double batches = Scrape.sum(metrics, "dmc_answer_batch_size_count");
    if (batches > 0) {
      out.append(String.format(Locale.ROOT, " mean %.1f requests a batch",
          Scrape.sum(metrics, "dmc_answer_batch_size_sum") / batches));
    }
    double written = Scrape.sum(metrics, "dmc_answer_batch_seconds_count");
    if (written > 0) {
      out.append(String.format(Locale.ROOT, " written in %.1f ms a batch on average, %.1f ms at most (the last minute)",
          1000 * Scrape.sum(metrics, "dmc_answer_batch_seconds_sum") / written,
          1000 * Scrape.sum(metrics, "dmc_answer_batch_seconds_max")));
    }
    return out.toString();
  }

  /**
   * The answers' latency as the server saw it, from the first byte of the request to the last of the answer
   * (vertx_http_server_response_time_seconds of the existence route): what wrk adds, on the same two cores, is
   * the difference.
   */
  private static String serverLatency(String metrics) {
    java.util.TreeMap<Double, Double> cumulative = Scrape.buckets(metrics, "vertx_http_server_response_time_seconds",
        "route=/api/v1/schools/:schoolCode/existence");
    if (cumulative.isEmpty()) return "no histogram";
    double total = cumulative.lastEntry().getValue();
    StringBuilder out = new StringBuilder();
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      double bound = cumulative.entrySet().stream().filter(e -> e.getValue() >= q * total).findFirst().orElseThrow().getKey();
      out.append(String.format(Locale.ROOT, " p%s <= %.1f ms;", q * 100, bound * 1000));
    }
    return out.toString();
  }

  /** One school's roll of 100,000 students sent again and again while the surge runs, each upload timed. */
  private static final class RollUploads {
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RollUploads(ForkedServer server, String school, String token) {
      thread = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          byte[] version = roll(i);
          long t = System.nanoTime();
          try {
            HttpResponse<String> r = server.post("/api/v1/schools/" + school + "/uploads?kind=students", token,
                "text/csv", version);
            done.add(r.statusCode() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
          } catch (Exception e) {
            done.add(e.toString());
          }
        }
      }, "roll-uploads");
      thread.start();
    }

    static RollUploads start(ForkedServer server, DatabaseUrl db, PrivateKey key, String school) throws Exception {
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
        s.execute("INSERT INTO school (code, name_th, area_code, province) VALUES ('" + school + "', 'โรงเรียนส่งไฟล์', '9001', 'ทดสอบ')");
      }
      return new RollUploads(server, school, Jwts.rs256(claims("staff.uploader", "school_staff", school, "9001"), key));
    }

    String stop() throws InterruptedException {
      stop.set(true);
      thread.join(300_000);
      return done.size() + " uploads of 100,000 rows during the surge: " + done;
    }

    /** Version v of the roll: the student numbers differ between versions, so each upload updates every row (and is
     * no repeat of a file already committed, which would be answered from its first time). */
    private static byte[] roll(int v) {
      StringBuilder csv = new StringBuilder(7_500_000).append("citizen_id,student_number,prefix,first_name,last_name,sex,birth_date,grade,room\n");
      for (int n = 1; n <= 100_000; n++) {
        int g = 1 + n % 6;
        csv.append(th.obec.dmc.support.Ids.citizen(n)).append(",S").append(v).append('-').append(n)
            .append(",เด็กชาย,สมชาย,ใจดี,ช,01/01/").append(2566 - 5 - g).append(",ป.").append(g).append(',')
            .append(1 + n % 10).append('\n');
      }
      return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Runs a command to its end; answers what it printed, or fails with it. */
  static String capture(String command, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", "postgres");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", all) + " failed:\n" + out);
    return out;
  }

  private static void seed(DatabaseUrl db, int schools, int perSchool) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      s.execute("INSERT INTO area (code, name_th, kind, province) VALUES ('9001', 'สพป.ทดสอบ', 'primary', 'ทดสอบ')");
      s.execute("INSERT INTO school (code, name_th, area_code, province) SELECT '109' || lpad(g::text, 7, '0'),"
          + " 'โรงเรียน ' || g, '9001', 'ทดสอบ' FROM generate_series(0, " + (schools - 1) + ") g");
      // Rooms of 30: room r of a school holds grade ป.(1 + (r-1) mod 6).
      s.execute("INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex, birth_date,"
          + " grade, room, status, updated_at)"
          + " SELECT '109' || lpad(sc::text, 7, '0'), 'G' || lpad((sc::bigint * 10000 + n)::text, 12, '0'), n::text,"
          + " 'เด็กชาย', 'ชื่อ' || n, 'สกุล' || sc, 'M', date '2015-06-01',"
          + " 'ป.' || (1 + (n / " + ROOM_SIZE + ") % 6), (1 + n / " + ROOM_SIZE + ")::text, 'active', now()"
          + " FROM generate_series(0, " + (schools - 1) + ") sc, generate_series(0, " + (perSchool - 1) + ") n");
      s.execute("ANALYZE");
    }
  }

  /**
   * Nothing lost or doubled: one audit event for every 2xx (plus at most one a connection, for requests wrk
   * stopped counting while the server still answered them); as many answer rows as the events say they
   * inserted (an absent student's answer may also change its room's earlier "present" once); and the kept
   * counts equal to the rows.
   */
  private static void verify(DatabaseUrl db, long answered, int connections) throws Exception {
    long events = TestDatabase.count(db, "SELECT count(*) FROM audit_event WHERE action = 'existence.answered'");
    long written = TestDatabase.count(db, "SELECT coalesce(sum((detail ->> 'changed')::int), 0) FROM audit_event WHERE action = 'existence.answered'");
    long answers = TestDatabase.count(db, "SELECT count(*) FROM existence_answer");
    long absent = TestDatabase.count(db, "SELECT count(*) FROM existence_answer WHERE NOT present");
    // A server from before the kept counts (V6) has none to check.
    long counted = TestDatabase.count(db, "SELECT (to_regclass('answer_count') IS NULL)::int") == 1 ? answers
        : TestDatabase.count(db, "SELECT coalesce(sum(present + not_present), 0) FROM answer_count");
    boolean ok = events >= answered && events <= answered + connections && written >= answers
        && written - answers <= absent && counted == answers;
    System.out.printf(Locale.ROOT, "check:    %d answered requests, %d audit events; answers written per events %d,"
            + " rows %d (absent %d), kept counts %d: %s%n", answered, events, written, answers, absent, counted,
        ok ? "OK" : "FAILED");
    if (!ok) throw new IllegalStateException("the database does not hold what the server answered");
  }

  private static JsonObject claims(String user, String role, String school, String area) {
    long now = Instant.now().getEpochSecond();
    JsonObject c = new JsonObject().put("sub", user).put("role", role).put("iss", "dmc-gateway").put("iat", now)
        .put("exp", now + 3600);
    if (school != null) c.put("schoolCode", school);
    if (area != null) c.put("areaCode", area);
    return c;
  }

  private static String school(int s) {
    return "109" + String.format("%07d", s);
  }

  private static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return 0;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
  }

}
