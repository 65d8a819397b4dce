package th.obec.dmc.seed;

import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.db.DatabaseUrl;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code seed [--areas N] [--schools M] [--students K] [--seed S] [--accounts FILE] [--hash-iterations I] [--demo]}:
 * writes a synthetic country into an empty registry, deterministically for a seed. The national shape by
 * default: 245 areas, 29,449 schools, 6.6 million students. The first admin is left to the server's start.
 */
public final class SeedCommand {
  /** The options, with their defaults: the national shape, or one small area with {@code --demo}. */
  public record Options(int areas, int schools, long students, long seed, Path accounts, int hashIterations,
                        boolean demo, String phase, boolean drillLogins) {

    /** Whether the seeded passwords may be used as written: demo logins and drills; otherwise changed first. */
    boolean loginsReady() {
      return demo || drillLogins;
    }

    /** The seed's options from its command line, read by picocli as the {@code seed} subcommand reads them. */
    public static Options parse(List<String> args, Path dataDir) {
      Cli cli = new Cli();
      new picocli.CommandLine(cli).parseArgs(args.toArray(String[]::new));
      return cli.options(dataDir);
    }
  }

  /** The options of {@code seed}, with their defaults: what {@code seed --help} prints. */
  public static final class Cli {
    @picocli.CommandLine.Option(names = "--areas", paramLabel = "N",
        description = "Areas (สพท.) to make; default 245, or 1 with --demo.")
    Integer areas;
    @picocli.CommandLine.Option(names = "--schools", paramLabel = "M",
        description = "Schools to make; default 29449, or 6 with --demo.")
    Integer schools;
    @picocli.CommandLine.Option(names = "--students", paramLabel = "K",
        description = "Students to make; default 6600000, or 1200 with --demo.")
    Long students;
    @picocli.CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "The random seed: the same seed makes the same country. Default: ${DEFAULT-VALUE}.")
    long seed;
    @picocli.CommandLine.Option(names = "--accounts", paramLabel = "FILE",
        description = "Where the accounts' passwords go (mode 600); default DATA_DIR/seed-accounts.csv.")
    Path accounts;
    @picocli.CommandLine.Option(names = "--hash-iterations", paramLabel = "I", defaultValue = "1000",
        description = "PBKDF2 iterations of the synthetic accounts (at least 1000). Default: ${DEFAULT-VALUE}.")
    int hashIterations;
    @picocli.CommandLine.Option(names = "--demo",
        description = "One small area, its logins printed, then the server on a drill clock. Default: off.")
    boolean demo;
    @picocli.CommandLine.Option(names = "--phase", paramLabel = "CODE", defaultValue = "DMC_CONFIRM",
        description = "With --demo: the calendar phase whose opening the drill clock starts in. Default: ${DEFAULT-VALUE}.")
    String phase;
    @picocli.CommandLine.Option(names = "--drill-logins",
        description = "Keep the seeded passwords usable as written, for a load drill on a throwaway database "
            + "(as --demo does). Without either, every seeded account must change its password at first login.")
    boolean drillLogins;

    public Options options(Path dataDir) {
      if (hashIterations < 1000) throw new IllegalArgumentException("--hash-iterations must be at least 1000");
      return new Options(areas != null ? areas : demo ? 1 : 245, schools != null ? schools : demo ? 6 : 29449,
          students != null ? students : demo ? 1200 : 6_600_000, seed,
          accounts != null ? accounts : dataDir.resolve("seed-accounts.csv"), hashIterations, demo, phase,
          drillLogins);
    }
  }

  /** What the seed wrote. */
  public record Seeded(long areas, long schools, long students, long duplicates, long accounts, Path accountsFile) {}

  private SeedCommand() {}

  public static Seeded run(Options options, DatabaseUrl url, RoundCalendar calendar) throws Exception {
    long started = System.nanoTime();
    CountryShape shape = CountryShape.of(options.areas(), options.schools(), options.students(), options.seed());
    System.out.printf(Locale.ROOT, "seed %d: %d areas, %d schools, %,d students; school sizes %d to %d, %d under 20%n",
        options.seed(), options.areas(), options.schools(), shape.students(), shape.smallest(), shape.largest(),
        shape.schoolsUnder(20));
    try (SeedRepository db = new SeedRepository(url)) {
      if (db.count("school") > 0) {
        throw new IllegalStateException("the registry already has schools: seed writes a country into an empty one");
      }
      db.insertAreas(options.areas(), shape.primaryAreas());
      db.insertSchools(shape);
      int academicYearCe = calendar.academicYear() - 543;
      long students = 0;
      int lastPercent = -1;
      for (int a = 0; a < options.areas(); a++) {
        students += db.insertStudents(CountryShape.areaCode(a, shape.primaryAreas()), options.seed(), academicYearCe);
        int percent = (int) (100 * students / shape.students());
        if (percent / 5 != lastPercent / 5 || a == options.areas() - 1) {
          lastPercent = percent;
          System.out.printf(Locale.ROOT, "  students: %,d of %,d (%d%%), areas %d of %d, %.0f s%n", students,
              shape.students(), percent, a + 1, options.areas(), seconds(started));
        }
      }
      long duplicates = db.markDuplicates(students, options.seed());
      System.out.printf(Locale.ROOT, "  duplicates: %d students also appear under a G-code in another school, %.0f s%n",
          duplicates, seconds(started));
      List<SeedAccounts.Account> accounts = SeedAccounts.make(shape, options.seed(), options.hashIterations());
      db.insertAccounts(accounts, !options.loginsReady());
      SeedAccounts.write(options.accounts(), accounts);
      System.out.printf(Locale.ROOT, "  accounts: %d (PBKDF2 at %d iterations), passwords in %s (mode 600), %.0f s%n",
          accounts.size(), options.hashIterations(), options.accounts(), seconds(started));
      db.analyze();
      System.out.printf(Locale.ROOT, "seeded in %.0f s%n", seconds(started));
      return new Seeded(options.areas(), options.schools(), students, duplicates, accounts.size(), options.accounts());
    }
  }

  public static boolean hasSchools(DatabaseUrl url) throws Exception {
    try (SeedRepository db = new SeedRepository(url)) {
      return db.count("school") > 0;
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
