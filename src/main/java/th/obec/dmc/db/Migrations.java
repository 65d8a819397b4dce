package th.obec.dmc.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC: the only JDBC in the product. Blocking: run it on a worker, before serving. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Applies pending migrations and returns the schema version now in place. */
  public static String migrate(DatabaseUrl url) {
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
