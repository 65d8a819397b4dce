package th.obec.dmc.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a benchmark's stage: CPU seconds by process name, read from /proc
 * before and after, so a ratio can be put down to the server, PostgreSQL or the load generator.
 */
final class CpuSplit {
  private final Map<String, Double> start = read();
  private final long startNanos = System.nanoTime();

  /** CPU seconds of each process name since this split began, and the wall time, on one line. */
  String since() {
    Map<String, Double> end = read();
    double wall = (System.nanoTime() - startNanos) / 1e9;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cpu:      %.1f s wall on %d cores;", wall,
        Runtime.getRuntime().availableProcessors()));
    end.forEach((name, seconds) -> {
      double used = seconds - start.getOrDefault(name, 0.0);
      if (used >= 0.5) line.append(String.format(Locale.ROOT, " %s %.1f s (%.2f of a core)", name, used, used / wall));
    });
    return line.toString();
  }

  private static Map<String, Double> read() {
    Map<String, Double> byName = new TreeMap<>();
    double tick = 100.0; // USER_HZ on Linux
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime, stime and the waited-for children's times (fields 14 to 17 of stat)
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / tick;
          byName.merge(name, seconds, Double::sum);
        } catch (Exception gone) {
          // the process ended between the listing and the read
        }
      });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return byName;
  }
}
