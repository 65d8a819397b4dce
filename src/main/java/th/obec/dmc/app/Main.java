package th.obec.dmc.app;

import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.drill.DrillCommand;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.DatabaseUrl;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.time.Duration;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.calendar.CalendarLoader;

import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code serve} (the default) starts the server; {@code check-calendar FILE}
 * validates a calendar file and exits.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    switch (command) {
      case "serve" -> serve(System.getenv());
      case "check-calendar" -> checkCalendar(args);
      case "seed" -> seed(List.of(args).subList(1, args.length));
      case "drill" -> System.exit(DrillCommand.run(List.of(args).subList(1, args.length),
          Config.fromEnv(System.getenv()).dataDir()));
      default -> {
        System.err.println("usage: java -jar dmc-gateway.jar [serve | check-calendar FILE | seed [--demo] ... | drill --target URL ...]");
        System.exit(2);
      }
    }
  }

  private static void serve(Map<String, String> env) {
    Future<App> starting;
    try {
      starting = App.start(Config.fromEnv(env));
    } catch (Config.ConfigException e) {
      fail(e);
      return;
    }
    // Registered before the server listens: a SIGTERM that comes as soon as the port opens still stops it cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("event=stopping");
      try {
        starting.await(2, TimeUnit.MINUTES).close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("event=stop_incomplete error={}", e.toString());
      }
    }, "dmc-shutdown"));
    try {
      starting.await(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      fail(e);
    }
  }

  private static void fail(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof th.obec.dmc.db.Migrations.DatabaseUnreachable)) {
      cause = cause.getCause();
    }
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof th.obec.dmc.db.Migrations.DatabaseUnreachable) {
      // Expected in operation (the database is down or misnamed): one clear line, no stack trace.
      log.error("event=start_failed reason=\"{}\"", reason);
    } else {
      log.error("event=start_failed reason=\"{}\"", reason, e);
    }
    System.err.println("dmc-gateway could not start: " + reason);
    System.exit(1);
  }

  /**
   * Seeds a synthetic country into the configured database, or the embedded one in the data folder. With
   * {@code --demo}: one small area, its logins printed, then the server on a drill clock inside the chosen
   * phase (10 November by default), so a newcomer has a working country in one command.
   */
  private static void seed(List<String> args) {
    Config config;
    SeedCommand.Options options;
    try {
      config = Config.fromEnv(System.getenv());
      options = SeedCommand.Options.parse(args, config.dataDir());
    } catch (Config.ConfigException | IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      System.exit(2);
      return;
    }
    var calendar = CalendarLoader.load(config.calendarFile());
    EmbeddedDatabase embedded = null;
    try {
      Files.createDirectories(config.dataDir());
      DatabaseUrl url;
      if (config.dbUrl().isPresent()) {
        url = DatabaseUrl.parse(config.dbUrl().get());
      } else {
        embedded = EmbeddedDatabase.start(config.dataDir());
        url = embedded.url();
      }
      th.obec.dmc.db.Migrations.migrate(url);
      boolean seeded = !options.demo() || !SeedCommand.hasSchools(url);
      if (seeded) SeedCommand.run(options, url, calendar);
      else System.out.println("the demo country is already there: its logins are in " + options.accounts());
    } catch (Exception e) {
      System.err.println("seed failed: " + e.getMessage());
      log.error("event=seed_failed", e);
      System.exit(1);
    } finally {
      if (embedded != null) embedded.close();
    }
    if (!options.demo()) return;
    var phase = calendar.phase(options.phase()).orElseThrow(() -> new IllegalArgumentException("no phase " + options.phase()));
    String clock = phase.start().plus(Duration.ofMinutes(30)).atZone(calendar.zone()).toOffsetDateTime().toString();
    System.out.println("demo logins (username password role school area), from " + options.accounts() + ":");
    try {
      Files.readAllLines(options.accounts()).stream().skip(1).forEach(line -> System.out.println("  " + line.replace(',', ' ')));
    } catch (java.io.IOException e) {
      System.err.println("cannot read " + options.accounts() + ": " + e.getMessage());
    }
    System.out.println("serving on a drill clock at " + clock + " (" + phase.nameEn() + ")");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("DMC_CLOCK", clock);
    serve(env);
  }

  private static void checkCalendar(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: java -jar dmc-gateway.jar check-calendar FILE");
      System.exit(2);
    }
    try {
      var calendar = CalendarLoader.fromFile(java.nio.file.Path.of(args[1]));
      System.out.println("ok: academic year " + calendar.academicYear() + " term " + calendar.term() + ", "
          + calendar.phases().size() + " phases");
    } catch (CalendarLoader.CalendarException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
