package th.obec.dmc.bench;

import io.vertx.core.json.JsonObject;
import org.postgresql.PGConnection;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.sheet.ColumnSpec;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.SheetSpecs;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.OpenpyxlWorkbook;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Uploads generated students workbooks of 1k, 10k and 100k rows to the real server (the fat jar, its own
 * process, -Xmx256m) and, in the same run against the same PostgreSQL, loads the same rows with a plain
 * COPY into a table shaped like the roll. Prints rows/s, the ratio to COPY and the server's heap peak.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.UploadBenchmark}
 */
public final class UploadBenchmark {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final int[] SIZES = {1_000, 10_000, 100_000};
  /** Each figure is the median of this many runs: on a 2-core machine single runs vary by a third. */
  private static final int REPEATS = 3;

  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("dmc-bench");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("bench");
      try (ForkedServer server = ForkedServer.start(db, dir.resolve("server"), "256m",
          Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00"));
           AutoCloseable echo = server::echoNotable) {
        String base = server.base;
        String admin = token(base, "admin", ForkedServer.ADMIN_PASSWORD);
        StringBuilder registry = new StringBuilder("area_code,area_name,area_kind,province,school_code,school_name\n");
        for (int i = 0; i < SIZES.length; i++) {
          for (int k = 0; k < REPEATS; k++) {
            registry.append("9001,สพป.ทดสอบ,สพป.,กรุงเทพมหานคร,").append(school(i, k)).append(",โรงเรียนทดสอบ\n");
          }
        }
        send(base + "/api/v1/registry/schools", admin, registry.toString().getBytes(StandardCharsets.UTF_8), 200);
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %12s %12s %8s %14s%n",
            "rows", "xlsx bytes", "upload s", "rows/s", "COPY s", "ratio", "heap peak MB");
        for (int i = 0; i < SIZES.length; i++) {
          int n = SIZES[i];
          double[] uploads = new double[REPEATS];
          double[] copies = new double[REPEATS];
          int bytes = 0;
          String cpu = "";
          for (int k = 0; k < REPEATS; k++) {
            String school = school(i, k);
            String user = "bench" + i + k;
            send(base + "/api/v1/users", admin, new JsonObject().put("username", user).put("password", "bench-password")
                .put("role", "school_staff").put("schoolCode", school).toBuffer().getBytes(), 201);
            String staff = firstLogin(base, user, "bench-password");
            int batch = i * REPEATS + k;
            byte[] xlsx = workbook(n, batch);
            bytes = xlsx.length;
            CpuSplit split = new CpuSplit();
            long start = System.nanoTime();
            JsonObject result = new JsonObject(send(base + "/api/v1/schools/" + school + "/uploads?kind=students", staff, xlsx, 201));
            uploads[k] = (System.nanoTime() - start) / 1e9;
            cpu = split.since();
            if (!"committed".equals(result.getString("status"))
                || result.getJsonObject("changes").getInteger("inserted") != n) {
              throw new IllegalStateException("upload of " + n + " rows: " + result.encode().substring(0, 500));
            }
            copies[k] = copy(db, n, batch, school);
          }
          double upload = median(uploads);
          double copy = median(copies);
          System.out.printf(Locale.ROOT, "%-8d %12d %12.2f %12.0f %12.2f %8.1f %14.0f%n",
              n, bytes, upload, n / upload, copy, upload / copy, server.heapPeakBytes() / 1024 / 1024);
          System.out.println("  last upload's " + cpu.trim());
        }
      }
    }
  }

  private static String school(int size, int repeat) {
    return "101" + size + repeat + "00001";
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * The students template's 15 columns, in the shape openpyxl writes (support/OpenpyxlWorkbook): text for
   * the IDs and names, numbers for weight and height, the birth date as BE text, the disadvantage and
   * disability codes left blank as most schools leave them.
   */
  static byte[] workbook(int rows, int batch) {
    SheetSpec spec = SheetSpecs.load("students").forTemplate();
    List<String> header = spec.columns().stream().map(ColumnSpec::headerTh).toList();
    return OpenpyxlWorkbook.write(spec.sheetNameTh(), header, rows, r -> {
      String[] v = student(r, batch);
      return List.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], "", "", 30.5, 140);
    });
  }

  private static String[] student(int r, int batch) {
    int grade = 1 + r % 6;
    return new String[] {Ids.citizen(batch * 1_000_000L + r), String.valueOf(10000 + r), r % 2 == 0 ? "เด็กชาย" : "เด็กหญิง",
        "ชื่อ" + r, "นามสกุล" + r, r % 2 == 0 ? "ช" : "ญ", String.format("%02d/05/%d", 1 + r % 28, 2566 - 6 - grade),
        "ป." + grade, String.valueOf(1 + r % 4), "ไทย", "พุทธ"};
  }

  /** The same rows, already clean, loaded with COPY into a table shaped like the roll (same keys and indexes). */
  private static double copy(DatabaseUrl db, int rows, int batch, String school) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS student_copy");
      s.execute("CREATE TABLE student_copy (LIKE student INCLUDING ALL)");
      StringBuilder csv = new StringBuilder();
      for (int r = 0; r < rows; r++) {
        String[] v = student(r, batch);
        int grade = 1 + r % 6;
        csv.append(school).append(',').append(v[0]).append(',').append(v[1]).append(',')
            .append(v[2]).append(',').append(v[3]).append(',').append(v[4]).append(',').append(r % 2 == 0 ? "M" : "F")
            .append(',').append(String.format("%d-05-%02d", 2566 - 543 - 6 - grade, 1 + r % 28)).append(',')
            .append(v[7]).append(',').append(v[8]).append(",TH,1,,,30.5,140,active,2023-11-01T03:00:00Z\n");
      }
      long start = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "COPY student_copy (school_code, citizen_id, student_number, prefix, first_name, last_name, sex, birth_date,"
              + " grade, room, nationality, religion, disadvantage, disability, weight_kg, height_cm, status, updated_at)"
              + " FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /** Logs in with the initial password and changes it, as a new user must: the token that comes back works. */
  static String firstLogin(String base, String user, String initial) throws Exception {
    String body = send(base + "/api/v1/auth/password", token(base, user, initial), new JsonObject()
        .put("currentPassword", initial).put("newPassword", initial + "-changed").toBuffer().getBytes(), 200);
    return new JsonObject(body).getString("access_token");
  }

  static String token(String base, String user, String password) throws Exception {
    String body = send(base + "/api/v1/auth/token", null,
        new JsonObject().put("username", user).put("password", password).toBuffer().getBytes(), 200);
    return new JsonObject(body).getString("access_token");
  }

  static String send(String url, String token, byte[] body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body.length > 0 && body[0] == '{') b.header("Content-Type", "application/json");
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }
}
