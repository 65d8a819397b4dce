package th.obec.dmc.bench;

import io.vertx.core.json.JsonObject;
import org.postgresql.PGConnection;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.support.DmcExports;
import th.obec.dmc.support.ForkedServer;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

import static th.obec.dmc.bench.UploadBenchmark.firstLogin;
import static th.obec.dmc.bench.UploadBenchmark.median;
import static th.obec.dmc.bench.UploadBenchmark.send;
import static th.obec.dmc.bench.UploadBenchmark.token;

/**
 * The DMC portal's "รายชื่อนักเรียน" export of 100,000 students (36 columns, title row, the repeated header, '-'
 * for none, the extra fields kept as a document) uploaded to the real server (the fat jar, -Xmx256m), against
 * PostgreSQL's own COPY, in the same run, of exactly the rows the upload stored (read back from the roll, details
 * included) into a table made {@code LIKE student INCLUDING ALL}.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.DmcExportBenchmark [rows [runs]]}
 * ({@code -Dbench.jfr=FILE} records the server with JFR).
 */
public final class DmcExportBenchmark {

  private DmcExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Map<String, String> env = Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00");
    Path dir = Files.createTempDirectory("dmc-bench-export");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("bench");
      try (ForkedServer server = ForkedServer.start(db, dir.resolve("server"), "256m", env);
           AutoCloseable echo = server::echoNotable) {
        String base = server.base;
        String admin = token(base, "admin", ForkedServer.ADMIN_PASSWORD);
        StringBuilder registry = new StringBuilder("area_code,area_name,area_kind,province,school_code,school_name\n");
        for (int k = 0; k < repeats; k++) registry.append("9001,สพป.ทดสอบ,สพป.,ขอนแก่น,").append(school(k)).append(",โรงเรียนทดสอบ\n");
        send(base + "/api/v1/registry/schools", admin, registry.toString().getBytes(StandardCharsets.UTF_8), 200);
        double[] uploads = new double[repeats];
        double[] copies = new double[repeats];
        long bytes = 0;
        for (int k = 0; k < repeats; k++) {
          String school = school(k);
          String user = "export" + k;
          send(base + "/api/v1/users", admin, new JsonObject().put("username", user).put("password", "bench-password")
              .put("role", "school_staff").put("schoolCode", school).toBuffer().getBytes(), 201);
          String staff = firstLogin(base, user, "bench-password");
          DmcExports.Export export = DmcExports.portal(dir, school, "โรงเรียนทดสอบ", rows, 100_000 + k * 2_000_000L);
          byte[] xlsx = export.bytes();
          bytes = xlsx.length;
          long start = System.nanoTime();
          JsonObject result = new JsonObject(send(base + "/api/v1/schools/" + school + "/uploads?kind=students", staff, xlsx, 201));
          uploads[k] = (System.nanoTime() - start) / 1e9;
          if (!"committed".equals(result.getString("status")) || result.getJsonObject("changes").getInteger("inserted") != rows) {
            throw new IllegalStateException("upload of " + rows + " rows: " + result.encode().substring(0, 500));
          }
          copies[k] = copyOfStored(db, school);
        }
        double upload = median(uploads);
        double copy = median(copies);
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %12s %12s %8s %14s%n",
            "rows", "xlsx bytes", "upload s", "rows/s", "COPY s", "ratio", "heap peak MB");
        System.out.printf(Locale.ROOT, "%-8d %12d %12.2f %12.0f %12.2f %8.2f %14.0f%n",
            rows, bytes, upload, rows / upload, copy, upload / copy, server.heapPeakBytes() / 1024 / 1024);
      }
    }
  }

  private static String school(int k) {
    return "10" + (40_000_001 + k);
  }

  /** Exactly the rows the upload stored, read back with COPY TO, then timed loading with COPY FROM. */
  private static double copyOfStored(DatabaseUrl db, String school) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS student_copy");
      s.execute("CREATE TABLE student_copy (LIKE student INCLUDING ALL)");
      StringWriter stored = new StringWriter();
      c.unwrap(PGConnection.class).getCopyAPI().copyOut(
          "COPY (SELECT * FROM student WHERE school_code = '" + school + "') TO STDOUT", stored);
      long start = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY student_copy FROM STDIN", new StringReader(stored.toString()));
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
