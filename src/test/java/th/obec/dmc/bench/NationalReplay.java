package th.obec.dmc.bench;

import th.obec.dmc.app.Main;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.Migrations;
import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.support.ForkedServer;
import th.obec.dmc.support.TestDatabase;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The whole of 10 November on this machine: a country seeded into an embedded PostgreSQL, N server
 * processes (behind HAProxy from Debian's package when N is 2 or more, sharing the signing key and the
 * database), and the drill in a process of its own, flat-out. Then the database is checked: every student
 * answered exactly once, every school certified.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.NationalReplay [AREAS SCHOOLS STUDENTS CONCURRENCY NODES]}
 * (defaults: the national shape, 245 29449 6600000, 64 at once, 1 node).
 */
public final class NationalReplay {
  private NationalReplay() {}

  public static void main(String[] args) throws Exception {
    int areas = args.length > 0 ? Integer.parseInt(args[0]) : 245;
    int schools = args.length > 1 ? Integer.parseInt(args[1]) : 29_449;
    long students = args.length > 2 ? Long.parseLong(args[2]) : 6_600_000;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int nodes = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    String haproxy = nodes > 1 ? DebianPackages.ensure("haproxy", "haproxy") : null;
    Path dir = Files.createTempDirectory("dmc-national");
    try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("pg"))) {
      DatabaseUrl db = pg.createDatabase("national");
      Migrations.migrate(db);
      Path data = dir.resolve("server");
      SeedCommand.Seeded seeded = SeedCommand.run(SeedCommand.Options.parse(List.of("--areas", String.valueOf(areas),
          "--schools", String.valueOf(schools), "--students", String.valueOf(students), "--drill-logins"), data), db,
          CalendarLoader.load(Optional.empty()));

      List<ForkedServer> servers = new ArrayList<>();
      Process balancer = null;
      try {
        // The nodes share one data folder, so one signing key, as nodes behind a balancer must.
        for (int n = 0; n < nodes; n++) {
          servers.add(ForkedServer.start(db, data, "1g", Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00",
              "DMC_HTTP_INSTANCES", "2")));
        }
        String target;
        if (nodes > 1) {
          int port = freePort();
          Path cfg = dir.resolve("haproxy.cfg");
          StringBuilder backends = new StringBuilder();
          for (int n = 0; n < nodes; n++) {
            backends.append("  server node").append(n + 1).append(' ').append(servers.get(n).base.replace("http://", ""))
                .append(" check\n");
          }
          Files.writeString(cfg, """
              global
                maxconn 4096
              defaults
                mode http
                timeout connect 5s
                timeout client 120s
                timeout server 120s
                option http-server-close
              frontend gateway
                bind 127.0.0.1:%d
                default_backend nodes
              backend nodes
                balance roundrobin
                option httpchk GET /health
              %s""".formatted(port, backends));
          balancer = new ProcessBuilder(haproxy, "-db", "-f", cfg.toString()).redirectErrorStream(true)
              .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
          target = "http://127.0.0.1:" + port;
          Thread.sleep(1500);
          System.out.println("haproxy: " + target + " over " + nodes + " nodes");
        } else {
          target = servers.get(0).base;
        }
        CpuSplit cpu = new CpuSplit();
        int exit = drill(target, concurrency, seeded.accountsFile());
        System.out.println(cpu.since());
        for (ForkedServer s : servers) s.echoNotable();
        check(db, seeded);
        if (exit != 0) throw new IllegalStateException("the drill exited " + exit);
      } finally {
        if (balancer != null) balancer.destroy();
        for (ForkedServer s : servers) s.close();
      }
    }
  }

  /** The drill in its own JVM, its output passed through. */
  private static int drill(String target, int concurrency, Path accounts) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "drill", "--target", target, "--concurrency", String.valueOf(concurrency),
        "--accounts", accounts.toString()).redirectErrorStream(true).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.contains(" DEBUG ")) System.out.println(line);
      }
    }
    return p.waitFor();
  }

  private static void check(DatabaseUrl db, SeedCommand.Seeded seeded) throws Exception {
    long answers = TestDatabase.count(db, "SELECT count(*) FROM existence_answer");
    long unanswered = TestDatabase.count(db, "SELECT count(*) FROM student st WHERE st.status = 'active' AND NOT EXISTS"
        + " (SELECT 1 FROM existence_answer a WHERE a.school_code = st.school_code AND a.citizen_id = st.citizen_id)");
    long certified = TestDatabase.count(db, "SELECT count(*) FROM certification");
    boolean ok = answers == seeded.students() && unanswered == 0 && certified == seeded.schools();
    System.out.printf(Locale.ROOT, "check:    %d answers for %d students (unanswered %d), %d of %d schools certified: %s%n",
        answers, seeded.students(), unanswered, certified, seeded.schools(), ok ? "OK" : "FAILED");
    if (!ok) throw new IllegalStateException("the database does not hold the day");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
