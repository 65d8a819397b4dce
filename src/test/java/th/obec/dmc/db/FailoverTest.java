package th.obec.dmc.db;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.drill.DrillCommand;
import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: the database tier as production runs it, from the files in deploy/ and Debian's own etcd, Patroni,
 * PostgreSQL 15 and HAProxy, as real processes on loopback. Two gateways write through HAProxy's write port while
 * a drill answers a small country; mid-drill the leader is killed hard (its Patroni and its postmaster, as a lost
 * host); Patroni promotes the synchronous standby, and the drill finishes with every student answered once and
 * every school certified: nothing acknowledged is lost, nothing doubled.
 */
@ExtendWith(VertxExtension.class)
class FailoverTest {
  private static final Path PATRONI = Path.of("deploy", "patroni.yml");
  private static final Path HAPROXY = Path.of("deploy", "haproxy.cfg");
  private static final List<Process> started = new ArrayList<>();
  private static final List<Path> dataDirs = new ArrayList<>();

  @AfterAll
  static void tearDown() throws Exception {
    for (Process p : started) kill(p.pid());
    // Postmasters run in sessions of their own (Patroni starts them so): stopped by their data folders' pid files.
    for (Path dataDir : dataDirs) {
      Path pid = dataDir.resolve("postmaster.pid");
      if (Files.exists(pid)) {
        new ProcessBuilder("kill", "-KILL", Files.readAllLines(pid).get(0).strip()).start().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theLeaderIsKilledMidDrillAndNothingAcknowledgedIsLost(Vertx vertx) throws Exception {
    Path dir = ClassResources.folder(FailoverTest.class, "dmc-ha");
    Files.createDirectories(dir);
    chownToPostgres(dir);
    logs = dir;
    int etcd = freePort();
    int etcdPeer = freePort();
    int[] api = {freePort(), freePort()};
    int[] pg = {freePort(), freePort()};
    int write = freePort();
    int read = freePort();

    started.add(start(dir.resolve("etcd.log"), Map.of(), "etcd", "--name", "e1", "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + etcd, "--advertise-client-urls", "http://127.0.0.1:" + etcd,
        "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
        "--initial-cluster", "e1=http://127.0.0.1:" + etcdPeer));
    Path config = dir.resolve("patroni.yml");
    Files.copy(PATRONI, config);
    chownToPostgres(config);
    Process[] nodes = new Process[2];
    for (int n = 0; n < 2; n++) {
      nodes[n] = patroni(dir, config, n, api, pg, etcd);
      started.add(nodes[n]);
      waitFor(() -> status("http://127.0.0.1:" + api[0] + "/primary") == 200, 60, "a leader");
    }
    started.add(start(dir.resolve("haproxy.log"), Map.of("PG1", "127.0.0.1:" + pg[0], "PG2", "127.0.0.1:" + pg[1],
        "PG1_API", String.valueOf(api[0]), "PG2_API", String.valueOf(api[1]), "DB_WRITE_BIND", "127.0.0.1:" + write,
        "DB_READ_BIND", "127.0.0.1:" + read), "haproxy", "-db", "-f", HAPROXY.toString()));

    DatabaseUrl superuser = DatabaseUrl.parse("postgresql://postgres:su-pass@127.0.0.1:" + write + "/postgres");
    waitFor(() -> synchronousStandbys(superuser) == 1, 60, "a synchronous standby");
    TestDatabase.sql(superuser, "CREATE ROLE dmc LOGIN PASSWORD 'dmc-pass'");
    TestDatabase.sql(superuser, "CREATE DATABASE dmc OWNER dmc");
    DatabaseUrl db = DatabaseUrl.parse("postgresql://dmc:dmc-pass@127.0.0.1:" + write + "/dmc");
    Migrations.migrate(db);
    Path data = dir.resolve("gateway");
    SeedCommand.Seeded seeded = SeedCommand.run(SeedCommand.Options.parse(List.of("--areas", "2", "--schools", "40",
        "--students", "8000", "--seed", "5", "--drill-logins"), data), db, CalendarLoader.load(Optional.empty()));

    Map<String, String> env = Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00");
    try (TestServer one = TestServer.start(vertx, db, data, env); TestServer two = TestServer.start(vertx, db, data, env)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream console = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      CompletableFuture<Integer> drill;
      double[] notWritable = {0};
      int leader;
      long killedAt;
      long writableAt;
      try {
        drill = CompletableFuture.supplyAsync(() -> DrillCommand.run(List.of("--target",
            "http://localhost:" + one.port() + ",http://localhost:" + two.port(), "--concurrency", "8", "--pace", "flat-out",
            "--accounts", seeded.accountsFile().toString()), data));
        // Mid-drill: some answers are in.
        waitFor(() -> TestDatabase.count(db, "SELECT count(*) FROM existence_answer") > 1000, 120, "the drill under way");
        leader = status("http://127.0.0.1:" + api[0] + "/primary") == 200 ? 0 : 1;
        killedAt = System.nanoTime();
        killHost(nodes[leader], dir.resolve("pg" + (leader + 1)));
        int survivor = 1 - leader;
        waitFor(() -> {
          // The gateway's own view of the outage, as Prometheus would scrape it.
          notWritable[0] = Math.max(notWritable[0], secondsSinceWritable(one));
          try {
            return TestDatabase.count(superuser, "SELECT inet_server_port()") == pg[survivor];
          } catch (RuntimeException notYet) {
            return false;
          }
        }, 60, "the standby promoted behind the write port");
        writableAt = System.nanoTime();
        int exit = drill.get(5, TimeUnit.MINUTES);
        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(console);
      }
      String out = printed.toString(StandardCharsets.UTF_8);
      console.print(out);
      assertTrue(out.contains("every student answered once, every school certified"), out);
      // The gap was answered 503 with Retry-After and waited out; no request failed otherwise (never a 500).
      assertTrue(out.contains("errors 0") && out.contains("schools failed 0"), out);
      assertEquals(8000, TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      assertEquals(40, TestDatabase.count(db, "SELECT count(*) FROM certification"));
      System.out.printf("failover: the write port answered again %.1f s after the kill; the gateway saw no writable"
          + " database for %.1f s%n", (writableAt - killedAt) / 1e9, notWritable[0]);
      assertTrue(notWritable[0] >= 2, "dmc_db_seconds_since_writable moved during the outage: " + notWritable[0]);

      // The old leader comes back: Patroni rewinds it and it rejoins as a replica, with the whole day on it.
      int back = leader;
      started.add(patroni(dir, config, back, api, pg, etcd));
      waitFor(() -> status("http://127.0.0.1:" + api[back] + "/replica") == 200, 90, "the old leader back as a replica");
      DatabaseUrl rejoined = DatabaseUrl.parse("postgresql://postgres:su-pass@127.0.0.1:" + pg[back] + "/dmc");
      waitFor(() -> TestDatabase.count(rejoined, "SELECT count(*) FROM existence_answer") == 8000, 60,
          "the day's answers on the rejoined node");
      assertEquals(40, TestDatabase.count(rejoined, "SELECT count(*) FROM certification"));

      // Reports on the replica: a gateway reading them through HAProxy's read port, right after its own close,
      // gives the Exchange file byte for byte as the primary does (the close commits with remote_apply).
      waitFor(() -> synchronousStandbys(superuser) == 1, 60, "a synchronous standby again");
      DatabaseUrl replica = DatabaseUrl.parse("postgresql://dmc:dmc-pass@127.0.0.1:" + read + "/dmc");
      assertEquals(1, TestDatabase.count(replica, "SELECT count(*) WHERE pg_is_in_recovery()"), "the read port is a replica");
      Map<String, String> closing = Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00");
      Map<String, String> reading = Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00", "DMC_REPORT_DB_URL", replica.withPassword());
      try (TestServer reports = TestServer.start(vertx, db, data, reading);
           TestServer primary = TestServer.start(vertx, db, data, closing)) {
        String admin = reports.adminToken();
        var closed = reports.post("/api/v1/rounds/current/close", admin,
            new io.vertx.core.json.JsonObject().put("force", true).put("reason", "failover drill"));
        assertEquals(200, closed.statusCode(), closed.bodyAsString());
        var fromReplica = reports.get("/api/v1/exchange/2566/2.zip", admin);
        assertEquals(200, fromReplica.statusCode(), fromReplica.bodyAsString());
        var fromPrimary = primary.get("/api/v1/exchange/2566/2.zip", admin);
        assertEquals(200, fromPrimary.statusCode());
        org.junit.jupiter.api.Assertions.assertArrayEquals(fromPrimary.body().getBytes(), fromReplica.body().getBytes());
      }
    }
  }

  private static Process patroni(Path dir, Path config, int n, int[] api, int[] pg, int etcd) throws Exception {
    String name = "pg" + (n + 1);
    dataDirs.add(dir.resolve(name));
    String env = "PATRONI_NAME=" + name + " PATRONI_RESTAPI_LISTEN=127.0.0.1:" + api[n]
        + " PATRONI_RESTAPI_CONNECT_ADDRESS=127.0.0.1:" + api[n] + " PATRONI_POSTGRESQL_LISTEN=127.0.0.1:" + pg[n]
        + " PATRONI_POSTGRESQL_CONNECT_ADDRESS=127.0.0.1:" + pg[n] + " PATRONI_POSTGRESQL_DATA_DIR=" + dir.resolve(name)
        + " PATRONI_ETCD3_HOSTS=127.0.0.1:" + etcd + " PATRONI_SUPERUSER_PASSWORD=su-pass"
        + " PATRONI_REPLICATION_PASSWORD=rep-pass PATRONI_REWIND_PASSWORD=rew-pass";
    // PostgreSQL refuses root: Patroni runs as postgres (setpriv execs in place, so the session setsid made is
    // Patroni's own and killing its group kills Patroni; su would start yet another session).
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
        "env", "HOME=" + dir));
    command.addAll(List.of(env.split(" ")));
    command.addAll(List.of("patroni", config.toString()));
    return start(dir.resolve(name + ".log"), Map.of(), command.toArray(String[]::new));
  }

  /** A lost host: its Patroni and its postmaster killed at once, with no chance to hand over. */
  private static void killHost(Process patroni, Path dataDir) throws Exception {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    kill(patroni.pid());
    new ProcessBuilder("kill", "-KILL", String.valueOf(postmaster)).start().waitFor(10, TimeUnit.SECONDS);
  }

  private static Process start(Path log, Map<String, String> env, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of("setsid"));
    all.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Stops a process started with setsid by its process group (its pid), never by name. */
  private static void kill(long pid) throws Exception {
    new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor(10, TimeUnit.SECONDS);
  }

  private static void chownToPostgres(Path path) throws Exception {
    new ProcessBuilder("chown", "-R", "postgres", path.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
  }

  private static double secondsSinceWritable(TestServer gateway) {
    var m = java.util.regex.Pattern.compile("(?m)^dmc_db_seconds_since_writable\\{[^}]*} (\\S+)$")
        .matcher(gateway.get("/metrics", null).bodyAsString());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** How many synchronous standbys the node behind the write port has; -1 while it cannot be reached. */
  private static long synchronousStandbys(DatabaseUrl superuser) {
    try {
      return TestDatabase.count(superuser, "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'");
    } catch (RuntimeException notYet) {
      return -1;
    }
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Path logs;

  private static void waitFor(java.util.function.BooleanSupplier done, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("never: " + what + logTails());
      Thread.sleep(250);
    }
  }

  /** The last lines of each process's log, for a failure's message. */
  private static String logTails() {
    StringBuilder tails = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        tails.append("\n--- ").append(log.getFileName()).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
      }
    } catch (java.io.IOException e) {
      tails.append(e);
    }
    return tails.toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
