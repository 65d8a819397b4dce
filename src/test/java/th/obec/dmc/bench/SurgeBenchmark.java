package th.obec.dmc.bench;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.Jwts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays 10 November: S schools of K students in one area, C clients at once, each taking a school,
 * confirming it room by room and then certifying it, through the real server (the fat jar, its own process).
 * Then checks in the database that every student has exactly one answer and every school is certified,
 * times the area's progress page, and in the same run measures PostgreSQL alone doing the same confirming
 * transaction from C JDBC connections.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.SurgeBenchmark [S K C]}
 */
public final class SurgeBenchmark {
  private static final int ROOM_SIZE = 30;

  private SurgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int schools = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int perSchool = args.length > 1 ? Integer.parseInt(args[1]) : 334;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path dir = Files.createTempDirectory("dmc-surge");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("surge");
      Path data = dir.resolve("server");
      // The server's pool gets as many connections as PostgreSQL alone gets below, so the two compare.
      try (ForkedServer server = ForkedServer.start(db, data, "512m", Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00",
          "DMC_DB_POOL_SIZE", String.valueOf(clients)));
           AutoCloseable echo = server::echoNotable) {
        String base = server.base;
        seed(db, schools, perSchool);
        PrivateKey key = Jwts.privateKey(data.resolve("keys/jwt-private.pem"));
        System.out.printf(Locale.ROOT, "schools=%d students=%d clients=%d rooms of %d%n", schools, schools * perSchool,
            clients, ROOM_SIZE);

        Replay replay = new Replay(base, key, schools, perSchool);
        long start = System.nanoTime();
        replay.run(clients);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> latencies = new ArrayList<>(replay.latenciesMicros);
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "server:   %d requests in %.1f s = %.0f requests/s, %.0f students/s; latency ms p50 %.1f p95 %.1f p99 %.1f; 503s %d%n",
            latencies.size(), seconds, latencies.size() / seconds, schools * perSchool / seconds,
            pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), replay.shed.get());

        verify(db, schools, perSchool);
        String areaToken = Jwts.rs256(claims("area.bench", "area_staff", null, "9001"), key);
        double[] progress = new double[5];
        for (int i = 0; i < progress.length; i++) {
          long t = System.nanoTime();
          HttpResponse<String> r = replay.http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/areas/9001/progress"))
              .header("Authorization", "Bearer " + areaToken).build(), HttpResponse.BodyHandlers.ofString());
          progress[i] = (System.nanoTime() - t) / 1e6;
          if (r.statusCode() != 200) throw new IllegalStateException("progress " + r.statusCode());
        }
        java.util.Arrays.sort(progress);
        System.out.printf(Locale.ROOT, "progress: area of %d schools, %d students: median %.0f ms (of 5)%n", schools,
            schools * perSchool, progress[2]);

        double pgRate = postgresAlone(db, schools, perSchool, clients);
        System.out.printf(Locale.ROOT, "ratio:    server requests/s / PostgreSQL transactions/s = %.2f%n",
            latencies.size() / seconds / pgRate);
      }
    }
  }

  /** Each client takes the next school, confirms it room by room, then certifies it. */
  private static final class Replay {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;
    final PrivateKey key;
    final int perSchool;
    final ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    final AtomicInteger shed = new AtomicInteger();

    Replay(String base, PrivateKey key, int schools, int perSchool) {
      this.base = base;
      this.key = key;
      this.perSchool = perSchool;
      for (int s = 0; s < schools; s++) todo.add(s);
    }

    void run(int clients) throws Exception {
      List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Thread t = new Thread(() -> {
          try {
            Integer s;
            while ((s = todo.poll()) != null) replaySchool(s);
          } catch (Exception e) {
            failures.add(e);
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) t.join();
      if (!failures.isEmpty()) throw failures.get(0);
    }

    private void replaySchool(int s) throws Exception {
      String school = school(s);
      String staff = Jwts.rs256(claims("staff" + s, "school_staff", school, null), key);
      String director = Jwts.rs256(claims("director" + s, "school_director", school, null), key);
      int rooms = (perSchool + ROOM_SIZE - 1) / ROOM_SIZE;
      for (int r = 1; r <= rooms; r++) {
        send("/api/v1/schools/" + school + "/existence", staff,
            new JsonObject().put("grade", "ป." + (1 + (r - 1) % 6)).put("room", String.valueOf(r)));
      }
      send("/api/v1/schools/" + school + "/certification", director, new JsonObject());
    }

    /** A 503 is retried after its Retry-After, as a page would; it is counted, not hidden. */
    private void send(String path, String token, JsonObject body) throws Exception {
      while (true) {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        latenciesMicros.add((System.nanoTime() - t) / 1000);
        if (r.statusCode() == 200) return;
        if (r.statusCode() != 503) throw new IllegalStateException(path + " " + r.statusCode() + " " + r.body());
        shed.incrementAndGet();
        Thread.sleep(1000L * Integer.parseInt(r.headers().firstValue("Retry-After").orElse("1")));
      }
    }
  }

  /** The same work without HTTP: one confirming transaction per room from C connections at once. */
  private static double postgresAlone(DatabaseUrl db, int schools, int perSchool, int clients) throws Exception {
    int rooms = (perSchool + ROOM_SIZE - 1) / ROOM_SIZE;
    ConcurrentLinkedQueue<int[]> work = new ConcurrentLinkedQueue<>();
    for (int s = 0; s < schools; s++) for (int r = 1; r <= rooms; r++) work.add(new int[] {s, r});
    int total = work.size();
    CountDownLatch done = new CountDownLatch(clients);
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      new Thread(() -> {
        try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
          conn.setAutoCommit(false);
          PreparedStatement lock = conn.prepareStatement("SELECT pg_advisory_xact_lock_shared(hashtext('bench:' || ?))");
          PreparedStatement state = conn.prepareStatement("SELECT (SELECT closed_at FROM round_closure WHERE academic_year = 2999 AND term = 2),"
              + " (SELECT certified_at FROM certification WHERE academic_year = 2999 AND term = 2 AND school_code = ?)");
          PreparedStatement answer = conn.prepareStatement("INSERT INTO existence_answer (academic_year, term, school_code, citizen_id,"
              + " present, reason, answered_by, answered_at) SELECT 2999, 2, ?, s.citizen_id, true, NULL, 'bench', now() FROM student s"
              + " WHERE s.school_code = ? AND s.status = 'active' AND s.grade = ? AND s.room = ? ON CONFLICT DO NOTHING");
          PreparedStatement audit = conn.prepareStatement("INSERT INTO audit_event (at, actor, role, action, school_code) VALUES (now(), 'bench', 'bench', 'bench', ?)");
          int[] item;
          while ((item = work.poll()) != null) {
            String school = school(item[0]);
            lock.setString(1, school);
            lock.execute();
            state.setString(1, school);
            try (ResultSet rs = state.executeQuery()) {
              rs.next();
            }
            answer.setString(1, school);
            answer.setString(2, school);
            answer.setString(3, "ป." + (1 + (item[1] - 1) % 6));
            answer.setString(4, String.valueOf(item[1]));
            answer.executeUpdate();
            audit.setString(1, school);
            audit.executeUpdate();
            conn.commit();
          }
        } catch (Exception e) {
          failures.add(e);
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    if (!failures.isEmpty()) throw failures.get(0);
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = total / seconds;
    System.out.printf(Locale.ROOT, "postgres: %d confirming transactions in %.1f s = %.0f transactions/s (JDBC, %d connections)%n",
        total, seconds, rate, clients);
    return rate;
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

  private static void verify(DatabaseUrl db, int schools, int perSchool) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      long answers = single(s, "SELECT count(*) FROM existence_answer WHERE academic_year = 2566");
      long distinct = single(s, "SELECT count(DISTINCT (school_code, citizen_id)) FROM existence_answer WHERE academic_year = 2566");
      long certified = single(s, "SELECT count(*) FROM certification WHERE academic_year = 2566");
      long unanswered = single(s, "SELECT count(*) FROM student st WHERE NOT EXISTS (SELECT 1 FROM existence_answer a"
          + " WHERE a.academic_year = 2566 AND a.school_code = st.school_code AND a.citizen_id = st.citizen_id)");
      boolean ok = answers == (long) schools * perSchool && distinct == answers && certified == schools && unanswered == 0;
      System.out.printf(Locale.ROOT, "check:    answers %d (distinct %d) for %d students, unanswered %d, certified %d of %d schools: %s%n",
          answers, distinct, schools * perSchool, unanswered, certified, schools, ok ? "OK" : "FAILED");
      if (!ok) throw new IllegalStateException("the database does not hold what the replay sent");
    }
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
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
