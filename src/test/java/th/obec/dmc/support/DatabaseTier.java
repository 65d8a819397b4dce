package th.obec.dmc.support;

import th.obec.dmc.db.DatabaseUrl;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The database tier of deploy/ as real processes on loopback, from the committed files and Debian's own etcd,
 * Patroni, PostgreSQL 15, HAProxy and pgBackRest: one etcd member, two Patroni nodes (as the postgres user,
 * since PostgreSQL refuses root), HAProxy's write and read ports, and one pgBackRest repository. Every process
 * starts in a session of its own and is stopped by its process group, never by name.
 *
 * <p>The files are used as committed, hardened as shipped (issue 31): etcd takes only clients with a certificate
 * of the tier's CA, Patroni's REST API wants credentials for unsafe requests, pg_hba takes only TLS from the
 * network, the superuser only locally, and the backup repository is encrypted. Three things of compose's are this
 * machine's instead, and are rewritten in the copy of patroni.yml: the certificates' folder (a CA made by the
 * test), the database network (loopback, 127.0.0.0/8, for compose's 172.28.16.0/24) and db-init.sh's path.
 */
public final class DatabaseTier implements AutoCloseable {
  private static final Path PATRONI = Path.of("deploy", "patroni.yml");
  private static final Path HAPROXY = Path.of("deploy", "haproxy.cfg");
  private static final Path PGBACKREST = Path.of("deploy", "pgbackrest.conf");
  private static final Path DB_INIT = Path.of("deploy", "db-init.sh");
  /** What compose's secrets hold, as this tier's values. */
  public static final String API_PASSWORD = "api-pass";
  public static final String APP_PASSWORD = "dmc-pass";
  private static final String BACKUP_PASSPHRASE = "backup-passphrase-of-the-test";
  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  public final Path dir;
  private final int etcd = freePort();
  private final int etcdPeer = freePort();
  public final int[] api = {freePort(), freePort()};
  public final int[] pg = {freePort(), freePort()};
  public final int write = freePort();
  public final int read = freePort();
  private final Process[] nodes = new Process[2];
  private final List<Process> started = new ArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();

  private DatabaseTier(Path dir) {
    this.dir = dir;
  }

  /** etcd, Patroni's configuration checked, both nodes (one leader, one synchronous standby) and HAProxy. */
  public static DatabaseTier start(Path dir) throws Exception {
    Files.createDirectories(dir);
    DatabaseTier tier = new DatabaseTier(dir);
    Path tls = tier.certificates();
    Files.copy(PGBACKREST, dir.resolve(PGBACKREST.getFileName()));
    Files.copy(DB_INIT, dir.resolve(DB_INIT.getFileName()));
    Files.writeString(dir.resolve(PATRONI.getFileName()), Files.readString(PATRONI)
        .replace("/var/lib/postgresql/tls/", tls + "/")
        .replace("172.28.16.0/24", "127.0.0.0/8")
        .replace("/usr/local/bin/dmc-db-init", dir.resolve(DB_INIT.getFileName()).toString()));
    Files.createDirectories(dir.resolve("backups"));
    tier.chownToPostgres(dir);
    tier.started.add(tier.start(dir.resolve("etcd.log"), Map.of(), "etcd", "--name", "e1", "--data-dir",
        dir.resolve("etcd").toString(), "--listen-client-urls", "https://127.0.0.1:" + tier.etcd,
        "--advertise-client-urls", "https://127.0.0.1:" + tier.etcd,
        "--client-cert-auth", "--trusted-ca-file", tls.resolve("ca.crt").toString(),
        "--cert-file", tls.resolve("server.crt").toString(), "--key-file", tls.resolve("server.key").toString(),
        "--listen-peer-urls", "http://127.0.0.1:" + tier.etcdPeer,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + tier.etcdPeer,
        "--initial-cluster", "e1=http://127.0.0.1:" + tier.etcdPeer, "--enable-v2=true"));
    tier.waitFor(() -> tier.etcdAnswers(true), 30, "etcd");
    for (int n = 0; n < 2; n++) {
      tier.startNode(n);
      tier.waitFor(() -> status("http://127.0.0.1:" + tier.api[0] + "/primary") == 200, 60, "a leader");
    }
    tier.started.add(tier.start(dir.resolve("haproxy.log"), Map.of("PG1", "127.0.0.1:" + tier.pg[0],
        "PG2", "127.0.0.1:" + tier.pg[1], "PG1_API", String.valueOf(tier.api[0]), "PG2_API", String.valueOf(tier.api[1]),
        "DB_WRITE_BIND", "127.0.0.1:" + tier.write, "DB_READ_BIND", "127.0.0.1:" + tier.read),
        "haproxy", "-db", "-f", HAPROXY.toString()));
    tier.waitFor(() -> tier.synchronousStandbys() == 1, 60, "a synchronous standby");
    return tier;
  }

  /**
   * The tier's CA and the certificates compose's secrets would hold, where the entrypoint puts them: the server's
   * (PostgreSQL's and etcd's) and Patroni's client certificate for etcd, keys owned by postgres, mode 600.
   */
  private Path certificates() throws Exception {
    Path tls = dir.resolve("tls");
    TestCertificates ca = TestCertificates.ca(tls);
    ca.signed("server");
    ca.signed("etcd-client");
    for (String key : List.of("ca.key", "server.key", "etcd-client.key")) {
      Files.setPosixFilePermissions(tls.resolve(key), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    return tls;
  }

  /** Whether etcd answers its health check over TLS, with Patroni's client certificate or without any. */
  public boolean etcdAnswers(boolean withCertificate) {
    Path tls = dir.resolve("tls");
    List<String> curl = new ArrayList<>(List.of("curl", "-fsS", "--max-time", "3", "--cacert", tls.resolve("ca.crt").toString()));
    if (withCertificate) {
      curl.addAll(List.of("--cert", tls.resolve("etcd-client.crt").toString(), "--key", tls.resolve("etcd-client.key").toString()));
    }
    curl.add("https://127.0.0.1:" + etcd + "/v2/keys/");
    try {
      Process p = new ProcessBuilder(curl).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether plain http reaches etcd's keys at all. */
  public boolean etcdAnswersPlainHttp() {
    return status("http://127.0.0.1:" + etcd + "/v2/keys/") == 200;
  }

  /** Patroni's REST API: a PATCH of the cluster's configuration, with or without its credentials; the status. */
  public int patchConfig(int n, String json, boolean withCredentials) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api[n] + "/config"))
        .timeout(Duration.ofSeconds(10)).method("PATCH", HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json");
    if (withCredentials) {
      b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
          ("patroni:" + API_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return POLLS.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * {@code patroni --validate-config} on the committed file, as this tier's nodes would run it. Patroni insists
   * on a reachable etcd and on connect addresses other than loopback's literals, so the machine's own name
   * stands in for compose's.
   */
  public String validateConfig() throws Exception {
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Map<String, String> env = new HashMap<>(passwords());
    env.putAll(Map.of("PATRONI_ETCD_HOSTS", "127.0.0.1:" + etcd, "PATRONI_RESTAPI_CONNECT_ADDRESS", host + ":" + api[0],
        "PATRONI_POSTGRESQL_CONNECT_ADDRESS", host + ":" + pg[0]));
    return run(env, "patroni", "--validate-config", dir.resolve(PATRONI.getFileName()).toString());
  }

  /**
   * deploy/db-init.sh as an operator runs it by hand on the leader, as postgres over the node's socket: Patroni's
   * post_bootstrap already ran it once; again, it must change nothing.
   */
  public void initDatabase() throws Exception {
    int leader = leader();
    run(Map.of(), asPostgres(Map.of("PGHOST", "/var/run/postgresql", "PGPORT", String.valueOf(pg[leader]),
        "DMC_DB_PASSWORD", APP_PASSWORD), "sh", dir.resolve(DB_INIT.getFileName()).toString()));
  }

  /** (Re)starts node n (0 or 1) under Patroni. */
  public void startNode(int n) throws Exception {
    String name = "pg" + (n + 1);
    if (!dataDirs.contains(dataDir(n))) dataDirs.add(dataDir(n));
    Map<String, String> env = new HashMap<>(passwords());
    env.put("DMC_DB_PASSWORD", APP_PASSWORD);
    env.putAll(Map.of("PATRONI_NAME", name, "PATRONI_RESTAPI_LISTEN", "127.0.0.1:" + api[n],
        "PATRONI_RESTAPI_CONNECT_ADDRESS", "127.0.0.1:" + api[n], "PATRONI_POSTGRESQL_LISTEN", "127.0.0.1:" + pg[n],
        "PATRONI_POSTGRESQL_CONNECT_ADDRESS", "127.0.0.1:" + pg[n],
        "PATRONI_POSTGRESQL_DATA_DIR", dataDir(n).toString(), "PATRONI_ETCD_HOSTS", "127.0.0.1:" + etcd));
    // The postmaster inherits these (Patroni passes its environment on, less PATRONI_*), so archive_command
    // pushes into this tier's repository.
    env.putAll(backrest(n));
    nodes[n] = start(dir.resolve(name + ".log"), Map.of(), asPostgres(env, "patroni", dir.resolve(PATRONI.getFileName()).toString()));
    started.add(nodes[n]);
  }

  public Path dataDir(int n) {
    return dir.resolve("pg" + (n + 1));
  }

  /** Which node the leader is, by Patroni's REST API (what HAProxy's write port checks). */
  public int leader() {
    return status("http://127.0.0.1:" + api[0] + "/primary") == 200 ? 0 : 1;
  }

  public boolean isPrimary(int n) {
    return status("http://127.0.0.1:" + api[n] + "/primary") == 200;
  }

  public boolean isReplica(int n) {
    return status("http://127.0.0.1:" + api[n] + "/replica") == 200;
  }

  /** The database superuser through the write port (from 127.0.0.1, the node's own loopback here; over TLS). */
  public DatabaseUrl superuser(String database) {
    return DatabaseUrl.parse("postgresql://postgres:su-pass@127.0.0.1:" + write + "/" + database + "?sslmode=require");
  }

  /** The database superuser on node n itself, bypassing HAProxy. */
  public DatabaseUrl direct(int n, String database) {
    return DatabaseUrl.parse("postgresql://postgres:su-pass@127.0.0.1:" + pg[n] + "/" + database + "?sslmode=require");
  }

  /** The gateway's role through {@code port} (the write or read port, or a restored copy's), over TLS. */
  public static DatabaseUrl app(int port) {
    return DatabaseUrl.parse("postgresql://dmc:" + APP_PASSWORD + "@127.0.0.1:" + port + "/dmc?sslmode=require");
  }

  /** A lost host: node n's Patroni and its postmaster killed at once, with no chance to hand over. */
  public void killHost(int n) throws Exception {
    long postgres = postgresGroup(n);
    kill("-KILL", nodes[n].pid());
    kill("-KILL", postgres);
  }

  /** A frozen host (SIGSTOP to Patroni and to the postmaster with all its backends), or thawed (SIGCONT). */
  public void signalHost(int n, String signal) throws Exception {
    kill(signal, nodes[n].pid());
    kill(signal, postgresGroup(n));
  }

  /**
   * The process group of node n's postmaster and all its backends: Patroni starts the postmaster from a helper
   * that made a session of its own and exited, so the group is that helper's, not the postmaster's pid.
   */
  private long postgresGroup(int n) throws Exception {
    return processGroup(Long.parseLong(Files.readAllLines(dataDir(n).resolve("postmaster.pid")).get(0).strip()));
  }

  private static long processGroup(long pid) throws Exception {
    // Field 5 of /proc/PID/stat, counted after the command's closing parenthesis (a command may hold spaces).
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }

  /** How many synchronous standbys the node behind the write port has; -1 while it cannot be reached. */
  public long synchronousStandbys() {
    try {
      return TestDatabase.count(superuser("postgres"),
          "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'");
    } catch (RuntimeException notYet) {
      return -1;
    }
  }

  /** pgBackRest on node n's behalf, as the postgres user with this tier's repository; its output. */
  public String pgbackrest(int n, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("pgbackrest", "--stanza=dmc"));
    command.addAll(List.of(args));
    return run(Map.of(), asPostgres(backrest(n), command.toArray(String[]::new)));
  }

  /**
   * A restored copy as a plain PostgreSQL of its own on {@code port}: it archives nothing (it must never push a
   * forked history into the cluster's repository) and waits for no standby.
   */
  public void startRestored(Path dataDir, int port) throws Exception {
    Map<String, String> env = new HashMap<>(backrest(0));
    env.put("PGBACKREST_PG1_PATH", dataDir.toString());
    dataDirs.add(dataDir);
    started.add(start(dir.resolve("restored.log"), Map.of(), asPostgres(env, BIN + "postgres", "-D", dataDir.toString(),
        "-c", "port=" + port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
        "-c", "hba_file=" + dataDir.resolve("pg_hba.conf"), "-c", "ident_file=" + dataDir.resolve("pg_ident.conf"),
        "-c", "archive_mode=off", "-c", "synchronous_standby_names=", "-c", "cluster_name=restored")));
  }

  /** What pgBackRest needs for node n: the committed file, with this tier's paths over its production ones. */
  private Map<String, String> backrest(int n) {
    return Map.of("PGBACKREST_CONFIG", dir.resolve("pgbackrest.conf").toString(),
        "PGBACKREST_REPO1_CIPHER_PASS", BACKUP_PASSPHRASE,
        "PGBACKREST_REPO1_PATH", dir.resolve("backups").toString(),
        "PGBACKREST_PG1_PATH", dataDir(n).toString(), "PGBACKREST_PG1_PORT", String.valueOf(pg[n]),
        "PGBACKREST_PG1_SOCKET_PATH", "/var/run/postgresql",
        "PGBACKREST_LOG_PATH", dir.resolve("pgbackrest-log").toString(),
        "PGBACKREST_LOCK_PATH", dir.resolve("pgbackrest-lock").toString());
  }

  private static Map<String, String> passwords() {
    return Map.of("PATRONI_SUPERUSER_PASSWORD", "su-pass", "PATRONI_REPLICATION_PASSWORD", "rep-pass",
        "PATRONI_REWIND_PASSWORD", "rew-pass", "PATRONI_RESTAPI_PASSWORD", API_PASSWORD);
  }

  /**
   * The command as the postgres user. setpriv execs in place, so the session setsid made is the command's own
   * and killing its group kills it (su would start yet another session).
   */
  private String[] asPostgres(Map<String, String> env, String... command) {
    List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
        "env", "HOME=" + dir));
    env.forEach((k, v) -> all.add(k + "=" + v));
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }

  private Process start(Path log, Map<String, String> env, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of("setsid"));
    all.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(all).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs a command to its end; its output, or a failure naming the output. */
  private String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out + logTails());
    }
    return out;
  }

  /** Signals a process group (a pid started with setsid, or a postmaster, which leads its own), never by name. */
  private static void kill(String signal, long group) throws Exception {
    new ProcessBuilder("kill", signal, "--", "-" + group).start().waitFor(10, TimeUnit.SECONDS);
  }

  public void chownToPostgres(Path path) throws Exception {
    new ProcessBuilder("chown", "-R", "postgres", path.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
  }

  /** Patroni's REST API and etcd's health, polled every 50 ms: one client for all the polls. */
  private static final HttpClient POLLS = HttpClient.newHttpClient();

  public static int status(String url) {
    try {
      return POLLS.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Polls every 50 ms until {@code done}; a failure names what never happened, with each process's last lines. */
  public void waitFor(BooleanSupplier done, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("never: " + what + logTails());
      Thread.sleep(50);
    }
  }

  /** The last lines of each process's log, for a failure's message. */
  public String logTails() {
    StringBuilder tails = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        // Without the tracebacks of health checks that hung up early (HAProxy's, every second).
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith(" ") && !l.startsWith("Traceback")
            && !l.contains("Exception happened") && !l.contains("Traceback (most") && !l.startsWith("ConnectionResetError")
            && !l.startsWith("BrokenPipeError") && !l.isBlank()).toList();
        tails.append("\n--- ").append(log.getFileName()).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
      }
    } catch (java.io.IOException e) {
      tails.append(e);
    }
    return tails.toString();
  }

  @Override
  public void close() throws Exception {
    for (Process p : started) kill("-KILL", p.pid());
    // Postmasters run in sessions of their own (Patroni starts them so): stopped by their data folders' pid files.
    for (Path dataDir : dataDirs) {
      Path pid = dataDir.resolve("postmaster.pid");
      if (!Files.exists(pid)) continue;
      long postmaster = Long.parseLong(Files.readAllLines(pid).get(0).strip());
      if (Files.exists(Path.of("/proc", String.valueOf(postmaster)))) kill("-KILL", processGroup(postmaster));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
