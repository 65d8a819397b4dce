package th.obec.dmc.seed;

import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.db.DatabaseUrl;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code seed [--areas N] [--schools M] [--students K] [--seed S] [--accounts FILE] [--hash-iterations I] [--demo]}:
 * writes a synthetic country into an empty registry, deterministically for a seed. The national shape by
 * default: 245 areas, 29,449 schools, 6.6 million students. The first admin is left to the server's start.
 */
public final class SeedCommand {
  /** The options, with their defaults: the national shape, or one small area with {@code --demo}. */
  public record Options(int areas, int schools, long students, long seed, Path accounts, int hashIterations,
                        boolean demo, String phase) {

    public static Options parse(List<String> args, Path dataDir) {
      Map<String, String> given = new TreeMap<>();
      boolean demo = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--demo")) {
          demo = true;
        } else if (a.startsWith("--") && i + 1 < args.size()) {
          given.put(a.substring(2), args.get(++i));
        } else {
          throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      Options o = new Options(
          Integer.parseInt(given.getOrDefault("areas", demo ? "1" : "245")),
          Integer.parseInt(given.getOrDefault("schools", demo ? "6" : "29449")),
          Long.parseLong(given.getOrDefault("students", demo ? "1200" : "6600000")),
          Long.parseLong(given.getOrDefault("seed", "1")),
          Path.of(given.getOrDefault("accounts", dataDir.resolve("seed-accounts.csv").toString())),
          Integer.parseInt(given.getOrDefault("hash-iterations", "1000")),
          demo, given.getOrDefault("phase", "DMC_CONFIRM"));
      given.keySet().removeAll(List.of("areas", "schools", "students", "seed", "accounts", "hash-iterations", "phase"));
      if (!given.isEmpty()) throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
      if (o.hashIterations < 1000) throw new IllegalArgumentException("--hash-iterations must be at least 1000");
      return o;
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
      db.insertAccounts(accounts);
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
