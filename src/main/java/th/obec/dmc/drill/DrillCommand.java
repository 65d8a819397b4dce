package th.obec.dmc.drill;

import java.util.Collection;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code drill --target URL[,URL…] [--schools M] [--concurrency C] [--pace flat-out|realistic]
 * [--window-seconds W] [--accounts FILE] [--absent-every N] [--acks FILE]}: a rehearsal of 10 November in its own process,
 * with the seed's accounts. Prints live progress and a summary, then checks through the API that every
 * student has exactly one answer and every school is certified. Exit 0 when all is well, 1 otherwise.
 */
public final class DrillCommand {
  private DrillCommand() {}

  record School(String code, SchoolDay.Login staff, SchoolDay.Login director, long startMillis) {}

  /** The options of {@code drill}, with their defaults: what {@code drill --help} prints. */
  public static final class Cli {
    @picocli.CommandLine.Option(names = "--target", required = true, split = ",", paramLabel = "URL",
        description = "The servers to drill, round-robin (comma-separated).")
    List<String> targets;
    @picocli.CommandLine.Option(names = "--schools", paramLabel = "M", defaultValue = "0",
        description = "How many of the seeded schools take part; 0 for all. Default: ${DEFAULT-VALUE}.")
    int schools;
    @picocli.CommandLine.Option(names = "--concurrency", paramLabel = "C", defaultValue = "64",
        description = "Schools working at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;
    @picocli.CommandLine.Option(names = "--pace", paramLabel = "PACE", defaultValue = "flat-out",
        description = "flat-out, or realistic (the 08:30 wave and the rush before 16:30). Default: ${DEFAULT-VALUE}.")
    String pace;
    @picocli.CommandLine.Option(names = "--window-seconds", paramLabel = "W", defaultValue = "600",
        description = "With --pace realistic: the day squeezed into this many seconds. Default: ${DEFAULT-VALUE}.")
    int windowSeconds;
    @picocli.CommandLine.Option(names = "--accounts", paramLabel = "FILE",
        description = "The seed's accounts file; default DATA_DIR/seed-accounts.csv.")
    Path accounts;
    @picocli.CommandLine.Option(names = "--absent-every", paramLabel = "N", defaultValue = "50",
        description = "One student in N is answered not present. Default: ${DEFAULT-VALUE}.")
    int absentEvery;
    @picocli.CommandLine.Option(names = "--acks", paramLabel = "FILE",
        description = "Write every acknowledged answer, room and certification here, with its time (CSV).")
    Path acks;

    /** Runs the drill: 0 when every answer and certification checks out, 1 otherwise, 2 for bad options. */
    public int run(Path dataDir) {
      try (Acknowledgements acknowledged = acks != null ? Acknowledgements.to(acks) : Acknowledgements.NONE) {
        return drill(targets, schools, concurrency, pace, windowSeconds,
            accounts != null ? accounts : dataDir.resolve("seed-accounts.csv"), absentEvery, acknowledged);
      } catch (Exception e) {
        System.err.println("drill failed: " + e);
        return 1;
      }
    }
  }

  /** The drill from its command line, read by picocli as the {@code drill} subcommand reads it. */
  public static int run(List<String> args, Path dataDir) {
    Cli cli = new Cli();
    try {
      new picocli.CommandLine(cli).parseArgs(args.toArray(String[]::new));
    } catch (picocli.CommandLine.ParameterException e) {
      return usage(e.getMessage());
    }
    return cli.run(dataDir);
  }

  private static int usage(String why) {
    System.err.println("drill: " + why + " (drill --help lists the options)");
    return 2;
  }

  private static int drill(List<String> targets, int schoolLimit, int concurrency, String pace, int windowSeconds,
                           Path accounts, int absentEvery, Acknowledgements acks) throws Exception {
    if (!pace.equals("flat-out") && !pace.equals("realistic")) return usage("--pace is flat-out or realistic");
    List<School> schools = schools(accounts, schoolLimit, pace.equals("realistic") ? windowSeconds * 1000L : 0);
    System.out.printf(Locale.ROOT, "drill: %d schools, %d at once, %s, targets %s%n", schools.size(), concurrency,
        pace, targets);
    DrillClient client = new DrillClient(targets);
    ConcurrentLinkedQueue<School> todo = new ConcurrentLinkedQueue<>(schools);
    Map<String, Long> absent = new ConcurrentHashMap<>();
    AtomicLong failedSchools = new AtomicLong();
    // The drill's own stopwatch, not business time: the server's clock (a drill clock) is the server's.
    long start = System.nanoTime();
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "drill-progress");
      t.setDaemon(true);
      return t;
    });
    long[] lastRequests = {0};
    progress.scheduleAtFixedRate(() -> {
      long requests = client.requests.get();
      System.out.printf(Locale.ROOT, "  %4.0f s: schools %d of %d certified, %d requests (%.0f/s now), 503/429 %d, errors %d%n",
          (System.nanoTime() - start) / 1e9, absent.size(), schools.size(), requests,
          (requests - lastRequests[0]) / 5.0, client.shed.get(), client.errors.size());
      lastRequests[0] = requests;
    }, 5, 5, TimeUnit.SECONDS);

    eachSchool(todo, concurrency, s -> {
      long wait = s.startMillis() - (System.nanoTime() - start) / 1_000_000;
      if (wait > 0) Thread.sleep(wait); // a drill thread of its own, never an event loop
      long n = SchoolDay.run(client, s.code(), s.staff(), s.director(), absentEvery, acks);
      if (n < 0) failedSchools.incrementAndGet();
      else absent.put(s.code(), n);
    });
    progress.shutdownNow();
    double seconds = (System.nanoTime() - start) / 1e9;
    long requests = client.requests.get();
    double[] p = Latencies.percentiles(client.allLatencies(), 50, 95, 99);
    StringBuilder byKind = new StringBuilder();
    for (String kind : List.of("login", "roll", "answers", "room", "certify")) {
      Collection<Latencies> logs = client.latencies.getOrDefault(kind, List.of());
      double[] k = Latencies.percentiles(logs, 50, 99);
      byKind.append(String.format(Locale.ROOT, " %s %d p50 %.1f p99 %.1f;", kind, Latencies.count(logs), k[0], k[1]));
    }
    long students = verifyAndCount(client, schools, absent, concurrency);
    System.out.printf(Locale.ROOT, "summary: %d schools in %.1f s; %d requests = %.0f requests/s; %.0f students/s;"
            + " latency ms p50 %.1f p95 %.1f p99 %.1f; 503/429 answered %d (waited out and retried);"
            + " connection retries %d; errors %d; schools failed %d%n",
        schools.size(), seconds, requests, requests / seconds, students / seconds, p[0], p[1], p[2], client.shed.get(),
        client.connectionRetries.get(), client.errors.size(), failedSchools.get());
    System.out.println("by kind (ms):" + byKind);
    client.errors.stream().limit(10).forEach(e -> System.out.println("  error: " + e));
    return client.errors.isEmpty() && failedSchools.get() == 0 ? 0 : 1;
  }

  /**
   * Through the API, as the schools' staff: every student answered (none left, present + not present =
   * active), the drill's not-present answers all there, and the school certified. Answers the students seen.
   */
  private static long verifyAndCount(DrillClient client, List<School> schools, Map<String, Long> absent,
                                     int concurrency) throws InterruptedException {
    ConcurrentLinkedQueue<School> todo = new ConcurrentLinkedQueue<>(schools);
    AtomicLong students = new AtomicLong();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    eachSchool(todo, concurrency, s -> {
      String token = SchoolDay.login(client, s.staff());
      JsonObject summary = token == null ? null
          : client.send("verify", "GET", "/api/v1/schools/" + s.code() + "/existence", token, null);
      if (summary == null) {
        wrong.add(s.code() + ": no summary");
        return;
      }
      long active = summary.getLong("active");
      students.addAndGet(active);
      boolean ok = summary.getLong("unanswered") == 0 && summary.getBoolean("certified")
          && summary.getLong("present") + summary.getLong("notPresent") == active
          && absent.containsKey(s.code()) && summary.getLong("notPresent") == absent.get(s.code());
      if (!ok) wrong.add(s.code() + ": " + summary.encode());
    });
    System.out.printf(Locale.ROOT, "verify:  %d schools, %d students: %s%n", schools.size(), students.get(),
        wrong.isEmpty() ? "every student answered once, every school certified" : wrong.size() + " schools wrong");
    wrong.stream().limit(10).forEach(w -> System.out.println("  wrong: " + w));
    if (!wrong.isEmpty()) client.errors.add(wrong.size() + " schools failed verification");
    return students.get();
  }

  /** What one drill thread does with one school; may wait. */
  private interface SchoolWork {
    void run(School school) throws InterruptedException;
  }

  /** {@code threads} threads take the schools one by one until none is left; returns when all are done. */
  private static void eachSchool(ConcurrentLinkedQueue<School> todo, int threads, SchoolWork work)
      throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < threads; c++) {
      Thread t = new Thread(() -> {
        School s;
        try {
          while ((s = todo.poll()) != null) work.run(s);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "drill-" + c);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) t.join();
  }

  /**
   * The seed's schools with both logins, in code order, the first M of them. {@code realistic}: start times
   * over the window shaped like the day, most in the 08:30 wave, many in the rush before 16:30.
   */
  private static List<School> schools(Path accounts, int limit, long windowMillis) throws Exception {
    Map<String, SchoolDay.Login[]> byCode = new TreeMap<>();
    List<String> lines = Files.readAllLines(accounts);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length < 5 || f[3].isEmpty()) continue;
      SchoolDay.Login[] pair = byCode.computeIfAbsent(f[3], k -> new SchoolDay.Login[2]);
      pair[f[2].equals("school_director") ? 1 : 0] = new SchoolDay.Login(f[0], f[1]);
    }
    Random random = new Random(10_11);
    List<School> list = new ArrayList<>();
    for (Map.Entry<String, SchoolDay.Login[]> e : byCode.entrySet()) {
      if (limit > 0 && list.size() == limit) break;
      if (e.getValue()[0] == null || e.getValue()[1] == null) continue;
      double u = random.nextDouble();
      double at = u < 0.55 ? random.nextDouble() * 0.15 : u < 0.85 ? 0.85 + random.nextDouble() * 0.15
          : 0.15 + random.nextDouble() * 0.7;
      list.add(new School(e.getKey(), e.getValue()[0], e.getValue()[1], (long) (at * windowMillis)));
    }
    if (list.isEmpty()) throw new IllegalStateException("no school logins in " + accounts);
    list.sort(Comparator.comparingLong(School::startMillis));
    return list;
  }
}
