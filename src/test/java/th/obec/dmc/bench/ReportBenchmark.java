package th.obec.dmc.bench;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.Jwts;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Seeds a national-size closed round (29,449 schools, 6.6 million students; one area of 300 schools holds
 * 100,200 of them) and times, against the real server at -Xmx256m, the Exchange file and that area's
 * consolidated workbook, printing rows/s and the server's heap high-water mark.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.ReportBenchmark}
 */
public final class ReportBenchmark {
  private static final int SCHOOLS = 29_449;
  private static final int BIG_AREA_SCHOOLS = 300;
  private static final int BIG_AREA_PER_SCHOOL = 334;
  private static final int OTHER_PER_SCHOOL = 223;

  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("dmc-reports");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("national");
      Path data = dir.resolve("server");
      try (ForkedServer server = ForkedServer.start(db, data, "256m", Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00"));
           AutoCloseable echo = server::echoNotable) {
        String base = server.base;
        long seedStart = System.nanoTime();
        long students = seed(db);
        System.out.printf(Locale.ROOT, "seeded %d schools, %d students in %.0f s%n", SCHOOLS, students,
            (System.nanoTime() - seedStart) / 1e9);
        PrivateKey key = Jwts.privateKey(data.resolve("keys/jwt-private.pem"));
        long now = Instant.now().getEpochSecond();
        String admin = Jwts.rs256(new JsonObject().put("sub", "bench").put("role", "obec_admin").put("iss", "dmc-gateway")
            .put("iat", now).put("exp", now + 7200), key);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        time(http, base + "/api/v1/areas/9000/report.xlsx", admin, "area workbook", BIG_AREA_SCHOOLS * BIG_AREA_PER_SCHOOL);
        time(http, base + "/api/v1/exchange/2566/2.zip", admin, "Exchange file", students);
        System.out.printf(Locale.ROOT, "server heap peak: %.0f MB (-Xmx256m)%n", server.heapPeakBytes() / 1024 / 1024);
      }
    }
  }

  private static void time(HttpClient http, String url, String token, String what, long rows) throws Exception {
    long start = System.nanoTime();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    long bytes = 0;
    try (InputStream in = r.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) bytes += n;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (r.statusCode() != 200) throw new IllegalStateException(what + " answered " + r.statusCode());
    System.out.printf(Locale.ROOT, "%-14s %,d rows, %,d bytes in %.1f s = %,.0f rows/s%n", what, rows, bytes, seconds,
        rows / seconds);
  }

  private static long seed(DatabaseUrl db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
      s.execute("INSERT INTO area SELECT lpad(g::text, 4, '0'), 'สพท. ' || g, CASE WHEN g % 4 = 0 THEN 'secondary' ELSE 'primary' END,"
          + " 'จังหวัด' || (g % 77), now() FROM generate_series(9000, 9244) g");
      // School i belongs to area 9000 for the first 300, then spreads over the other 244 areas.
      s.execute("INSERT INTO school SELECT '10' || lpad(i::text, 8, '0'), 'โรงเรียน ' || i,"
          + " CASE WHEN i < " + BIG_AREA_SCHOOLS + " THEN '9000' ELSE lpad((9001 + i % 244)::text, 4, '0') END, 'จังหวัด', now()"
          + " FROM generate_series(0, " + (SCHOOLS - 1) + ") i");
      s.execute("INSERT INTO round_closure VALUES (2566, 2, 'bench', '2023-11-11T03:00:00Z', 0)");
      s.execute("INSERT INTO round_snapshot SELECT 2566, 2, '10' || lpad(i::text, 8, '0'), 'G' || lpad((i::bigint * 1000 + n)::text, 12, '0'),"
          + " CASE WHEN n % 2 = 0 THEN 'เด็กชาย' ELSE 'เด็กหญิง' END, 'ชื่อ' || n, 'นามสกุล' || i, CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END,"
          + " date '2012-01-01' + (n % 2000), 'ป.' || (1 + n % 6), (1 + n / 30)::text, n % 50 <> 0,"
          + " CASE WHEN n % 50 = 0 THEN 'long_absence' END"
          + " FROM generate_series(0, " + (SCHOOLS - 1) + ") i,"
          + " LATERAL generate_series(1, CASE WHEN i < " + BIG_AREA_SCHOOLS + " THEN " + BIG_AREA_PER_SCHOOL + " ELSE " + OTHER_PER_SCHOOL + " END) n");
      s.execute("VACUUM ANALYZE round_snapshot");
      try (var rs = s.executeQuery("SELECT count(*) FROM round_snapshot")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
