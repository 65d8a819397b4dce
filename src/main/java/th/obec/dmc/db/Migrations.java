package th.obec.dmc.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC: the only JDBC in the product. Blocking: run it on a worker, before serving. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** PostgreSQL could not be reached at start; the message says where and why, in one line. */
  public static final class DatabaseUnreachable extends RuntimeException {
    DatabaseUnreachable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Applies pending migrations and returns the schema version now in place. An unreachable PostgreSQL
   * is a {@link DatabaseUnreachable}: the server does not start without its database, and says so.
   */
  public static String migrate(DatabaseUrl url) {
    try (Connection probe = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      probe.isValid(5);
    } catch (SQLException e) {
      throw new DatabaseUnreachable("cannot reach PostgreSQL at " + url + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    Flyway flyway = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .loggers("slf4j")
        .load();
    MigrateResult result = flyway.migrate();
    String version = flyway.info().current().getVersion().getVersion();
    log.info("event=migrated applied={} version={}", result.migrationsExecuted, version);
    return version;
  }
}
