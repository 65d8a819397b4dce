package th.obec.dmc.bench;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.postgresql.PGConnection;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.Migrations;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 13's comparison of bulk-insert shapes on the roll's own table and rows, on one durable PostgreSQL:
 * one INSERT ... SELECT FROM unnest(15 arrays) (what the upload does), multi-row VALUES in batches of 1,000
 * (both through the Vert.x pool, in one transaction), and pgjdbc's CopyManager (CSV) on its own connection.
 * Each into a fresh table made LIKE student INCLUDING ALL; medians of three.
 *
 * <pre>mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.InsertShapeBenchmark [rows]</pre>
 */
public final class InsertShapeBenchmark {
  private static final String COLUMNS = "school_code, citizen_id, student_number, prefix, first_name, last_name, sex,"
      + " birth_date, grade, room, nationality, religion, weight_kg, height_cm, status, updated_at";

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("dmc-insert-shapes");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir)) {
      DatabaseUrl db = pg.url();
      Migrations.migrate(db);
      List<String[]> data = new ArrayList<>(rows);
      for (int r = 0; r < rows; r++) data.add(row(r));
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.connectOptions())
          .using(vertx).build();
      double[] unnest = new double[3];
      double[] values = new double[3];
      double[] copy = new double[3];
      for (int i = 0; i < 3; i++) {
        fresh(db);
        unnest[i] = unnest(pool, data);
        fresh(db);
        values[i] = values(pool, data);
        fresh(db);
        copy[i] = copy(db, data);
      }
      pool.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
      double c = median(copy);
      System.out.printf("rows=%d (median of 3, one durable PostgreSQL, into LIKE student INCLUDING ALL)%n", rows);
      System.out.printf("unnest arrays (Vert.x, one statement)     %.3f s  x%.2f of COPY%n", median(unnest), median(unnest) / c);
      System.out.printf("multi-row VALUES (Vert.x, 1,000 a batch)   %.3f s  x%.2f of COPY%n", median(values), median(values) / c);
      System.out.printf("CopyManager (pgjdbc, CSV)                  %.3f s  x1.00%n", c);
    }
  }

  private static String[] row(int r) {
    int grade = 1 + r % 6;
    return new String[] {"1010000001", String.format("G%012d", r), String.valueOf(10000 + r), r % 2 == 0 ? "เด็กชาย" : "เด็กหญิง",
        "ชื่อ" + r, "นามสกุล" + r, r % 2 == 0 ? "M" : "F", String.format("%d-05-%02d", 2023 - 6 - grade, 1 + r % 28),
        "ป." + grade, String.valueOf(1 + r % 4), "TH", "1", "30.5", "140"};
  }

  private static void fresh(DatabaseUrl db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS shape");
      s.execute("CREATE TABLE shape (LIKE student INCLUDING ALL)");
      s.execute("CHECKPOINT");
    }
  }

  private static double unnest(Pool pool, List<String[]> data) throws Exception {
    Tuple t = Tuple.tuple();
    for (int col = 0; col < 14; col++) {
      String[] values = new String[data.size()];
      for (int r = 0; r < data.size(); r++) values[r] = data.get(r)[col];
      t.addArrayOfString(values);
    }
    String sql = "INSERT INTO shape (" + COLUMNS + ") SELECT s, c, n, p, f, l, x, b::date, g, r, nat, rel, w::numeric,"
        + " h::numeric, 'active', now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
        + " $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],"
        + " $14::text[]) AS u(s, c, n, p, f, l, x, b, g, r, nat, rel, w, h)";
    long start = System.nanoTime();
    pool.withTransaction(conn -> conn.preparedQuery(sql).execute(t)).await(5, TimeUnit.MINUTES);
    return (System.nanoTime() - start) / 1e9;
  }

  private static double values(Pool pool, List<String[]> data) throws Exception {
    int batch = 1_000;
    StringBuilder sql = new StringBuilder("INSERT INTO shape (" + COLUMNS + ") VALUES ");
    for (int r = 0; r < batch; r++) {
      if (r > 0) sql.append(',');
      int p = r * 14;
      sql.append(String.format("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d::text::date, $%d, $%d, $%d, $%d, $%d::text::numeric, $%d::text::numeric,"
          + " 'active', now())", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8, p + 9, p + 10, p + 11, p + 12, p + 13,
          p + 14));
    }
    String statement = sql.toString();
    long start = System.nanoTime();
    pool.withTransaction(conn -> {
      io.vertx.core.Future<?> chain = io.vertx.core.Future.succeededFuture();
      for (int from = 0; from + batch <= data.size(); from += batch) {
        Tuple t = Tuple.tuple();
        for (String[] row : data.subList(from, from + batch)) Arrays.stream(row).forEach(t::addString);
        chain = chain.compose(v -> conn.preparedQuery(statement).execute(t));
      }
      return chain;
    }).await(5, TimeUnit.MINUTES);
    return (System.nanoTime() - start) / 1e9;
  }

  private static double copy(DatabaseUrl db, List<String[]> data) throws Exception {
    StringBuilder csv = new StringBuilder();
    for (String[] v : data) csv.append(String.join(",", v)).append(",active,2023-11-01T03:00:00Z\n");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      long start = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY shape (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)",
          new StringReader(csv.toString()));
      return (System.nanoTime() - start) / 1e9;
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
