package th.obec.dmc.seed;

import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.db.Database;
import th.obec.dmc.db.Migrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code seed} command from start to end but the serving: the database chosen as the server chooses it (the
 * configured one, or the embedded one in the data folder), migrated, and a synthetic country written into it. With
 * {@code --demo}, an existing demo country is kept, its logins are printed, and the drill clock to serve on (inside
 * the chosen phase, 10 November by default) is answered, for the caller to start the server with.
 */
public final class SeedFlow {
  private SeedFlow() {}

  /** The drill clock to serve the demo on; empty for a plain seed. Blocking: it runs before anything serves. */
  public static Optional<String> run(SeedCommand.Options options, Optional<String> dbUrl, Path dataDir,
                                     Optional<Path> calendarFile) throws Exception {
    RoundCalendar calendar = CalendarLoader.load(calendarFile);
    Files.createDirectories(dataDir);
    try (Database database = Database.of(dbUrl, dataDir)) {
      Migrations.migrate(database.url());
      if (!options.demo() || !SeedCommand.hasSchools(database.url())) {
        SeedCommand.run(options, database.url(), calendar);
      } else {
        System.out.println("the demo country is already there: its logins are in " + options.accounts());
      }
    }
    if (!options.demo()) return Optional.empty();
    var phase = calendar.phase(options.phase())
        .orElseThrow(() -> new IllegalArgumentException("no phase " + options.phase()));
    String clock = phase.start().plus(Duration.ofMinutes(30)).atZone(calendar.zone()).toOffsetDateTime().toString();
    printLogins(options.accounts());
    System.out.println("serving on a drill clock at " + clock + " (" + phase.nameEn() + ")");
    return Optional.of(clock);
  }

  private static void printLogins(Path accounts) {
    System.out.println("demo logins (username password role school area), from " + accounts + ":");
    try {
      Files.readAllLines(accounts).stream().skip(1).forEach(line -> System.out.println("  " + line.replace(',', ' ')));
    } catch (IOException e) {
      System.err.println("cannot read " + accounts + ": " + e.getMessage());
    }
  }
}
