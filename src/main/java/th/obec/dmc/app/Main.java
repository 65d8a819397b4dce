package th.obec.dmc.app;

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
      case "serve" -> serve();
      case "check-calendar" -> checkCalendar(args);
      default -> {
        System.err.println("usage: java -jar dmc-gateway.jar [serve | check-calendar FILE]");
        System.exit(2);
      }
    }
  }

  private static void serve() {
    Future<App> starting;
    try {
      starting = App.start(Config.fromEnv(System.getenv()));
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
