package th.obec.dmc.app;

import java.nio.file.Path;
import th.obec.dmc.db.Migrations;
import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.seed.SeedFlow;
import th.obec.dmc.drill.DrillCommand;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.DatabaseUrl;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.time.Duration;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.calendar.CalendarLoader;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The command line, read by picocli: {@code serve} (the default) starts the server; {@code check-calendar FILE}
 * validates a calendar file; {@code seed} writes a synthetic country; {@code drill} rehearses 10 November.
 * Each answers {@code --help} (and {@code -h}) with its options and their defaults.
 */
@Command(name = "java -jar dmc-gateway.jar", mixinStandardHelpOptions = true, version = "dmc-gateway",
    description = "Thailand's school data rounds (DMC, B-OBEC, 10 November) over HTTP. Without a subcommand: serve.",
    subcommands = {Main.Serve.class, Main.CheckCalendar.class, Main.Seed.class, Main.Drill.class})
public final class Main implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  /** What {@code serve} answers: the server runs on in its own threads, so the process must not exit. */
  private static final int SERVING = Integer.MIN_VALUE;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != SERVING) System.exit(code);
  }

  @Override
  public Integer call() {
    serve(System.getenv());
    return SERVING;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Starts the server (the default). Configured by DMC_* environment variables: see the README.")
  static final class Serve implements Callable<Integer> {
    @Override
    public Integer call() {
      serve(System.getenv());
      return SERVING;
    }
  }

  @Command(name = "check-calendar", mixinStandardHelpOptions = true,
      description = "Checks a round's calendar file and exits: 0 when it is sound, 1 with the reason otherwise.")
  static final class CheckCalendar implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The calendar file (JSON), e.g. src/main/resources/calendar/2566-2.json.")
    Path file;

    @Override
    public Integer call() {
      try {
        var calendar = CalendarLoader.fromFile(file);
        System.out.println("ok: academic year " + calendar.academicYear() + " term " + calendar.term() + ", "
            + calendar.phases().size() + " phases");
        return 0;
      } catch (CalendarLoader.CalendarException e) {
        System.err.println(e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "seed", mixinStandardHelpOptions = true, showDefaultValues = false,
      description = "Writes a synthetic country into an empty registry of the configured (or embedded) database.")
  static final class Seed implements Callable<Integer> {
    @Mixin
    SeedCommand.Cli options;

    @Override
    public Integer call() {
      return seed(options);
    }
  }

  @Command(name = "drill", mixinStandardHelpOptions = true,
      description = "Rehearses 10 November against running servers with the seed's accounts.")
  static final class Drill implements Callable<Integer> {
    @Mixin
    DrillCommand.Cli options;

    @Override
    public Integer call() {
      return options.run(Config.fromEnv(System.getenv()).dataDir());
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
    while (cause.getCause() != null && !(cause instanceof Migrations.DatabaseUnreachable)) {
      cause = cause.getCause();
    }
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof Migrations.DatabaseUnreachable) {
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
  private static int seed(SeedCommand.Cli cli) {
    Config config;
    SeedCommand.Options options;
    try {
      config = Config.fromEnv(System.getenv());
      options = cli.options(config.dataDir());
    } catch (Config.ConfigException | IllegalArgumentException e) {
      System.err.println("seed: " + e.getMessage());
      return 2;
    }
    Optional<String> demoClock;
    try {
      demoClock = SeedFlow.run(options, config.database().url(), config.dataDir(), config.calendarFile());
    } catch (Exception e) {
      System.err.println("seed failed: " + e.getMessage());
      log.error("event=seed_failed", e);
      return 1;
    }
    if (demoClock.isEmpty()) return 0;
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("DMC_CLOCK", demoClock.get());
    serve(env);
    return SERVING;
  }
}
