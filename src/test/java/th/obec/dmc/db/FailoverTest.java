package th.obec.dmc.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.drill.DrillCommand;
import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.DatabaseTier;
import th.obec.dmc.support.Scrape;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: the database tier as production runs it (deploy/: Patroni, etcd, HAProxy, pgBackRest), as real
 * processes on loopback. Ordered, on one tier: a leader killed mid-drill loses nothing acknowledged; it rejoins
 * as a replica; reports read on the replica equal the primary's; a restore to just before an operator's
 * mistake made during the drill holds every answer acknowledged before it; a frozen leader that resumes after
 * losing its lock takes no write. Before them all, the tier's locks as shipped (issue 31).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {
  private static final int SCHOOLS = 41;
  private static final int STUDENTS = 8000;
  private static final Map<String, String> ON_THE_DAY = Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00");

  private DatabaseTier tier;
  private DatabaseUrl db;
  private Path data;
  private Path drillAccounts;
  private Path mistakeAccounts;
  private String mistakeSchool;
  /** The operator's mistake: the moment just before it (epoch ms, and as PostgreSQL wrote it). */
  private long mistakeMillis;
  private String mistakeAt;
  private int leaderKilled;

  @BeforeAll
  void startTheTierSeedAndBackUp() throws Exception {
    tier = DatabaseTier.start(ClassResources.folder(FailoverTest.class, "dmc-ha"));
    tier.validateConfig();
    tier.initDatabase();
    db = DatabaseTier.app(tier.write);
    Migrations.migrate(db);
    data = tier.dir.resolve("gateway");
    SeedCommand.Seeded seeded = SeedCommand.run(SeedCommand.Options.parse(List.of("--areas", "2", "--schools",
        String.valueOf(SCHOOLS), "--students", String.valueOf(STUDENTS), "--seed", "5", "--drill-logins"), data), db,
        CalendarLoader.load(Optional.empty()));
    splitAccounts(seeded.accountsFile());

    int leader = tier.leader();
    tier.pgbackrest(leader, "stanza-create");
    long start = System.nanoTime();
    tier.pgbackrest(leader, "--type=full", "backup");
    System.out.printf("backup: a full pgBackRest backup of the seeded country (%d schools, %d students) took %.1f s%n",
        SCHOOLS, STUDENTS, (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  void stopTheTier() throws Exception {
    if (tier != null) tier.close();
  }

  /**
   * Issue 31 items 10-13: the tier as shipped is locked. Patroni's REST API refuses an unauthenticated PATCH of
   * the configuration (which can set archive_command, a command run as postgres on every node); etcd refuses a
   * client without the tier's certificate, and plain http; PostgreSQL refuses a connection from the network
   * without TLS, and the superuser from any address but the node's own; the backup repository is encrypted.
   */
  @Test
  @Order(0)
  void theTierIsLockedAsShipped() throws Exception {
    int leader = tier.leader();
    assertEquals(401, tier.patchConfig(leader, "{\"postgresql\":{\"parameters\":{\"archive_command\":\"touch /tmp/owned\"}}}", false));
    assertEquals(200, tier.patchConfig(leader, "{\"loop_wait\":2}", true), "with the credentials, a PATCH is taken");

    assertTrue(tier.etcdAnswers(true), "Patroni's certificate is let in");
    assertFalse(tier.etcdAnswers(false), "a client without a certificate is refused");
    assertFalse(tier.etcdAnswersPlainHttp(), "plain http is refused");

    String direct = "jdbc:postgresql://127.0.0.1:" + tier.pg[leader] + "/dmc";
    assertTrue(refusal(direct, "dmc", DatabaseTier.APP_PASSWORD, "disable", "127.0.0.2").contains("no encryption"),
        "no TLS from the network: refused by pg_hba");
    assertEquals("", refusal(direct, "dmc", DatabaseTier.APP_PASSWORD, "require", "127.0.0.2"), "with TLS, let in");
    assertTrue(refusal(direct, "postgres", "su-pass", "require", "127.0.0.2").contains("pg_hba.conf"),
        "the superuser from another address: refused");

    String info = tier.pgbackrest(leader, "info");
    assertTrue(info.contains("cipher: aes-256-cbc"), info);
  }

  /** How a connection from {@code from} ends: "" when it is let in, else the server's refusal. */
  private static String refusal(String url, String user, String password, String sslmode, String from) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", sslmode);
    p.setProperty("localSocketAddress", from);
    p.setProperty("connectTimeout", "10");
    try (Connection c = DriverManager.getConnection(url, p)) {
      c.createStatement().execute("SELECT 1");
      return "";
    } catch (java.sql.SQLException e) {
      return String.valueOf(e.getMessage());
    }
  }

  @Test
  @Order(1)
  void theLeaderIsKilledMidDrillAndNothingAcknowledgedIsLost(Vertx vertx) throws Exception {
    Path beforeAcks = tier.dir.resolve("acks-before.csv");
    Path drillAcks = tier.dir.resolve("acks-drill.csv");
    try (TestServer one = TestServer.start(vertx, db, data, ON_THE_DAY); TestServer two = TestServer.start(vertx, db, data, ON_THE_DAY)) {
      String targets = "http://localhost:" + one.port() + ",http://localhost:" + two.port();
      // The school the operator's mistake will hit finishes its day first.
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream console = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      double[] notWritable = {0};
      long killedAt;
      long writableAt;
      try {
        assertEquals(0, DrillCommand.run(List.of("--target", targets, "--concurrency", "1", "--accounts",
            mistakeAccounts.toString(), "--acks", beforeAcks.toString()), data), printed.toString(StandardCharsets.UTF_8));
        CompletableFuture<Integer> drill = CompletableFuture.supplyAsync(() -> DrillCommand.run(List.of("--target",
            targets, "--concurrency", "8", "--pace", "flat-out", "--accounts", drillAccounts.toString(),
            "--acks", drillAcks.toString()), data));
        long answered = TestDatabase.count(db, "SELECT count(*) FROM existence_answer");
        tier.waitFor(() -> TestDatabase.count(db, "SELECT count(*) FROM existence_answer") > answered + 1000, 120,
            "the drill under way");
        leaderKilled = tier.leader();
        killedAt = System.currentTimeMillis();
        tier.killHost(leaderKilled);
        int survivor = 1 - leaderKilled;
        tier.waitFor(() -> {
          // The gateway's own view of the outage, as Prometheus would scrape it.
          notWritable[0] = Math.max(notWritable[0], metric(one, "dmc_db_seconds_since_writable"));
          return countOr(tier.superuser("postgres"), "SELECT inet_server_port()") == tier.pg[survivor];
        }, 60, "the standby promoted behind the write port");
        writableAt = System.currentTimeMillis();

        // An operator's mistake while the drill goes on: the finished school's answers deleted by hand.
        tier.waitFor(() -> drill.isDone() || TestDatabase.count(db, "SELECT count(*) FROM existence_answer") > 5000, 120,
            "the drill well past the failover");
        String[] before = firstRow("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text,"
            + " clock_timestamp()::text");
        mistakeMillis = Long.parseLong(before[0]);
        mistakeAt = before[1];
        Thread.sleep(20);
        TestDatabase.sql(db, "DELETE FROM existence_answer WHERE school_code = '" + mistakeSchool + "'");
        assertEquals(0, drill.get(5, TimeUnit.MINUTES), printed.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(console);
      }
      String out = printed.toString(StandardCharsets.UTF_8);
      console.print(out);
      assertTrue(out.contains("every student answered once, every school certified"), out);
      // The gap was answered 503 with Retry-After and waited out; no request failed otherwise (never a 500).
      assertTrue(out.contains("errors 0") && out.contains("schools failed 0"), out);
      // Every drill student answered exactly once (the primary key forbids twice), every school certified.
      assertEquals(TestDatabase.count(db, "SELECT count(*) FROM student WHERE status = 'active' AND school_code <> '"
          + mistakeSchool + "'"), TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      assertEquals(SCHOOLS, TestDatabase.count(db, "SELECT count(*) FROM certification"));
      assertEquals(0, unconfirmed(db, Acks.read(drillAcks), Long.MAX_VALUE), "every acknowledged answer is in the new leader");

      long firstAfter = Acks.read(drillAcks).firstAfterGapAround(killedAt);
      System.out.printf("failover: PostgreSQL's own (the write port taking writes again) %.1f s after the kill; the"
              + " gateways' write outage (the kill to the first acknowledged answer after it) %.1f s; the gateway saw"
              + " no writable database for %.1f s%n", (writableAt - killedAt) / 1e3, (firstAfter - killedAt) / 1e3,
          notWritable[0]);
      assertTrue(firstAfter >= writableAt - 1000, "no answer was acknowledged while no leader could take it");
      assertTrue(notWritable[0] >= 2, "dmc_db_seconds_since_writable moved during the outage: " + notWritable[0]);
      for (TestServer gateway : List.of(one, two)) {
        assertTrue(metric(gateway, "dmc_db_pool_reconnects_total", "pool=primary") > 0,
            "the primary pool reconnected through the write port");
      }
    }
  }

  @Test
  @Order(2)
  void theOldLeaderRejoinsAsAReplicaWithTheWholeDay() throws Exception {
    int back = leaderKilled;
    tier.startNode(back);
    tier.waitFor(() -> tier.isReplica(back), 90, "the old leader back as a replica");
    DatabaseUrl rejoined = tier.direct(back, "dmc");
    long answers = TestDatabase.count(db, "SELECT count(*) FROM existence_answer");
    tier.waitFor(() -> TestDatabase.count(rejoined, "SELECT count(*) FROM existence_answer") == answers, 60,
        "the day's answers on the rejoined node");
    assertEquals(SCHOOLS, TestDatabase.count(rejoined, "SELECT count(*) FROM certification"));
    tier.waitFor(() -> tier.synchronousStandbys() == 1, 60, "a synchronous standby again");
  }

  @Test
  @Order(3)
  void reportsReadOnTheReplicaRightAfterTheCloseAreThePrimarys(Vertx vertx) throws Exception {
    DatabaseUrl replica = DatabaseTier.app(tier.read);
    // HAProxy sees the rejoined replica at its next check.
    tier.waitFor(() -> countOr(replica, "SELECT count(*) WHERE pg_is_in_recovery()") == 1, 30, "the read port on the replica");
    String area = firstRow("SELECT min(code) FROM area")[0];
    Map<String, String> closing = Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00");
    Map<String, String> reading = Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00", "DMC_REPORT_DB_URL", replica.withPassword());
    try (TestServer reports = TestServer.start(vertx, db, data, reading);
         TestServer primary = TestServer.start(vertx, db, data, closing)) {
      String admin = reports.adminToken();
      double reportUses = metric(reports, "vertx_pool_completed_total", "pool_name=dmc-report");
      // The close commits with remote_apply: the replica has the closed round before the close answers.
      var closed = reports.post("/api/v1/rounds/current/close", admin, new JsonObject().put("force", true).put("reason", "failover drill"));
      assertEquals(200, closed.statusCode(), closed.bodyAsString());
      var fromReplica = reports.get("/api/v1/exchange/2566/2.zip", admin);
      assertEquals(200, fromReplica.statusCode(), fromReplica.bodyAsString());
      var fromPrimary = primary.get("/api/v1/exchange/2566/2.zip", admin);
      assertEquals(200, fromPrimary.statusCode());
      assertArrayEquals(fromPrimary.body().getBytes(), fromReplica.body().getBytes());

      var areaFromReplica = reports.get("/api/v1/areas/" + area + "/report.xlsx", admin);
      var areaFromPrimary = primary.get("/api/v1/areas/" + area + "/report.xlsx", admin);
      assertEquals(200, areaFromReplica.statusCode(), areaFromReplica.bodyAsString());
      assertEquals(cells(areaFromPrimary.body().getBytes()), cells(areaFromReplica.body().getBytes()));
      assertTrue(metric(reports, "vertx_pool_completed_total", "pool_name=dmc-report") > reportUses,
          "the reports went to the report pool");
    }
  }

  @Test
  @Order(4)
  void aRestoreToJustBeforeTheMistakeHoldsEveryAnswerAcknowledgedBeforeIt(Vertx vertx) throws Exception {
    // The WAL holding the mistake is archived (check switches to a new segment and waits for the archive).
    tier.pgbackrest(tier.leader(), "check");
    Path restored = tier.dir.resolve("restored");
    Files.createDirectories(restored);
    tier.chownToPostgres(restored);
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    tier.pgbackrest(tier.leader(), "--pg1-path=" + restored, "--type=time", "--target=" + mistakeAt,
        "--target-action=promote", "restore");
    tier.startRestored(restored, port);
    DatabaseUrl copy = DatabaseTier.app(port);
    tier.waitFor(() -> countOr(copy, "SELECT count(*) WHERE NOT pg_is_in_recovery()") == 1, 300,
        "the restored cluster recovered to its target and promoted");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("restore: to %s (just before the mistake), %d schools and %d students, in %.1f s"
        + " (pgBackRest restore and PostgreSQL's replay to the target)%n", mistakeAt, SCHOOLS, STUDENTS, seconds);

    Acks acknowledged = Acks.read(tier.dir.resolve("acks-before.csv")).and(Acks.read(tier.dir.resolve("acks-drill.csv")));
    assertTrue(acknowledged.countBefore(mistakeMillis) > 100, "answers were acknowledged before the mistake");
    assertEquals(0, unconfirmed(copy, acknowledged, mistakeMillis), "every answer acknowledged before the mistake is restored");
    assertEquals(0, TestDatabase.count(copy, "SELECT count(*) FROM round_closure"), "the later close is not restored");

    // A gateway pointed at the restored cluster shows the mistaken school whole again.
    List<String> staff = Files.readAllLines(mistakeAccounts).stream().skip(1).filter(l -> l.contains(",school_staff,")).toList();
    String[] login = staff.get(0).split(",");
    try (TestServer gateway = TestServer.start(vertx, copy, data, ON_THE_DAY)) {
      var summary = gateway.get("/api/v1/schools/" + mistakeSchool + "/existence", gateway.login(login[0], login[1]));
      assertEquals(200, summary.statusCode(), summary.bodyAsString());
      JsonObject s = summary.bodyAsJsonObject();
      assertEquals(0, s.getLong("unanswered"), s.encode());
      assertTrue(s.getLong("active") > 0 && s.getBoolean("certified"), s.encode());
    }
  }

  @Test
  @Order(5)
  void aFrozenLeaderThatResumesAfterItsLockIsGoneTakesNoWrite() throws Exception {
    TestDatabase.sql(tier.superuser("dmc"), "CREATE TABLE frozen_probe (id int)");
    TestDatabase.sql(tier.superuser("dmc"), "CREATE TABLE during_the_freeze (id int)");
    int frozen = tier.leader();
    int other = 1 - frozen;
    tier.signalHost(frozen, "-STOP");
    try {
      // Longer than the ttl: the leader key expires and Patroni promotes the synchronous standby. Until its
      // PostgreSQL has left recovery it still streams from the frozen node and would confirm that node's commits
      // (those are then on the new leader, so nothing acknowledged is lost); the case here is the one after.
      DatabaseUrl promoted = tier.direct(other, "postgres");
      tier.waitFor(() -> tier.isPrimary(other) && countOr(promoted, "SELECT count(*) WHERE NOT pg_is_in_recovery()") == 1,
          90, "the standby promoted while the leader is frozen");
      // A write the new leader acknowledges while the old one is frozen: it must outlive the old one's return.
      tier.waitFor(() -> countOr(tier.superuser("dmc"), "WITH w AS (INSERT INTO during_the_freeze VALUES (1) RETURNING 1)"
          + " SELECT count(*) FROM w") == 1, 60, "a write acknowledged by the new leader");
    } finally {
      tier.signalHost(frozen, "-CONT");
    }
    // At once after it resumes, a write sent to the old leader itself, past HAProxy: it must not be acknowledged.
    String outcome;
    try (Connection c = DriverManager.getConnection(tier.direct(frozen, "dmc").jdbcUrl() + "&socketTimeout=5&connectTimeout=5",
        "postgres", "su-pass")) {
      c.createStatement().execute("INSERT INTO frozen_probe VALUES (1)");
      outcome = "acknowledged";
    } catch (java.sql.SQLException notTaken) {
      outcome = "not acknowledged: " + notTaken.getMessage();
    }
    System.out.println("frozen leader: a write sent to it as it resumed was " + outcome);
    assertTrue(outcome.startsWith("not acknowledged"), outcome + tier.logTails());
    tier.waitFor(() -> countOr(tier.superuser("postgres"), "SELECT inet_server_port()") == tier.pg[other], 30,
        "the write port on the new leader");
    tier.waitFor(() -> tier.isReplica(frozen), 90, "the frozen leader back as a replica");
    // It may first come back holding its own later history (the write it took locally while its commit waited
    // for a standby that had become the leader); Patroni then rewinds it. It is on the new leader's history once
    // it streams from it as the synchronous standby and has replayed a change made after the freeze.
    DatabaseUrl old = tier.direct(frozen, "dmc");
    tier.waitFor(() -> tier.synchronousStandbys() == 1, 120, "the frozen leader streaming from the new leader");
    TestDatabase.sql(tier.superuser("dmc"), "CREATE TABLE after_the_freeze (id int)");
    tier.waitFor(() -> countOr(old, "SELECT count(*) FROM pg_tables WHERE tablename = 'after_the_freeze'") == 1, 60,
        "the old leader on the new leader's history");
    assertEquals(0, TestDatabase.count(old, "SELECT count(*) FROM frozen_probe"), "no write landed on the frozen leader");
    assertEquals(0, TestDatabase.count(tier.superuser("dmc"), "SELECT count(*) FROM frozen_probe"));
    assertEquals(1, TestDatabase.count(tier.superuser("dmc"), "SELECT count(*) FROM during_the_freeze"),
        "the new leader's write survived the old leader's return");
    assertEquals(tier.pg[other], TestDatabase.count(tier.superuser("postgres"), "SELECT inet_server_port()"),
        "the leader is still the one promoted during the freeze");
  }

  /** The seed's accounts in two files: the last school's (the mistake's) and the drill's (all other schools). */
  private void splitAccounts(Path accounts) throws Exception {
    List<String> lines = Files.readAllLines(accounts);
    mistakeSchool = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f.length > 3 && !f[3].isEmpty())
        .map(f -> f[3]).max(String::compareTo).orElseThrow();
    List<String> drill = new ArrayList<>();
    List<String> mistake = new ArrayList<>();
    drill.add(lines.get(0));
    mistake.add(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      (line.split(",", -1)[3].equals(mistakeSchool) ? mistake : drill).add(line);
    }
    drillAccounts = Files.write(tier.dir.resolve("accounts-drill.csv"), drill);
    mistakeAccounts = Files.write(tier.dir.resolve("accounts-mistake.csv"), mistake);
  }

  /**
   * How many acknowledgements before {@code until} the database does not bear out: a room with an active
   * student not answered, an answer's student not answered not-present, or a certification missing.
   */
  private static long unconfirmed(DatabaseUrl url, Acks acks, long until) throws Exception {
    long missing = 0;
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         PreparedStatement room = c.prepareStatement("SELECT count(*) FROM student s WHERE s.school_code = ?"
             + " AND s.grade = ? AND s.room = ? AND s.status = 'active' AND NOT EXISTS (SELECT 1 FROM existence_answer a"
             + " WHERE a.school_code = s.school_code AND a.citizen_id = s.citizen_id)");
         PreparedStatement absent = c.prepareStatement("SELECT count(*) FROM existence_answer WHERE school_code = ?"
             + " AND citizen_id = ? AND NOT present");
         PreparedStatement certified = c.prepareStatement("SELECT count(*) FROM certification WHERE school_code = ?")) {
      for (Acks.Ack ack : acks.list) {
        if (ack.millis() >= until) continue;
        switch (ack.kind()) {
          case "room" -> {
            String[] gradeRoom = ack.what().split("/", 2);
            missing += single(room, ack.school(), gradeRoom[0], gradeRoom[1]);
          }
          case "answers" -> {
            for (String id : ack.what().split(";")) missing += 1 - single(absent, ack.school(), id);
          }
          case "certify" -> missing += 1 - single(certified, ack.school());
          default -> throw new IllegalStateException(ack.kind());
        }
      }
    }
    return missing;
  }

  /** The query's number, or -1 while the server cannot answer (starting, stopping, failing over). */
  private static long countOr(DatabaseUrl url, String query) {
    try {
      return TestDatabase.count(url, query);
    } catch (RuntimeException notNow) {
      return -1;
    }
  }

  private static long single(PreparedStatement statement, String... parameters) throws Exception {
    for (int i = 0; i < parameters.length; i++) statement.setString(i + 1, parameters[i]);
    try (ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String[] firstRow(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         ResultSet rs = c.createStatement().executeQuery(query)) {
      rs.next();
      String[] row = new String[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < row.length; i++) row[i] = rs.getString(i + 1);
      return row;
    }
  }

  /** A series of the gateway's /metrics, summed over its matches; 0 when absent. */
  private static double metric(TestServer gateway, String name, String... labels) {
    return Scrape.sum(gateway.get("/metrics", null).bodyAsString(), name, labels);
  }

  /** Every cell of every sheet as text: a workbook's content, whatever its zip's timestamps. */
  private static List<String> cells(byte[] xlsx) throws Exception {
    List<String> cells = new ArrayList<>();
    DataFormatter format = new DataFormatter();
    try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      for (Sheet sheet : wb) {
        cells.add("# " + sheet.getSheetName());
        for (Row row : sheet) row.forEach(cell -> cells.add(cell.getAddress() + "=" + format.formatCellValue(cell)));
      }
    }
    assertFalse(cells.isEmpty());
    return cells;
  }

  /** The drill's acknowledgements file ({@code drill --acks}). */
  private record Acks(List<Ack> list) {
    record Ack(long millis, String kind, String school, String what) {}

    static Acks read(Path file) throws Exception {
      List<Ack> list = new ArrayList<>();
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", 4);
        list.add(new Ack(Long.parseLong(f[0]), f[1], f[2], f[3]));
      }
      return new Acks(list);
    }

    Acks and(Acks other) {
      List<Ack> all = new ArrayList<>(list);
      all.addAll(other.list);
      return new Acks(all);
    }

    long countBefore(long millis) {
      return list.stream().filter(a -> a.millis() < millis).count();
    }

    /**
     * The first acknowledgement after the longest silence that spans {@code moment}: the end of the outage a
     * kill at that moment caused (answers in flight when it came were acknowledged just after it, from the
     * old leader, and do not end the outage).
     */
    long firstAfterGapAround(long moment) {
      List<Long> times = list.stream().map(Ack::millis).sorted().toList();
      long bestGap = -1;
      long end = -1;
      for (int i = 1; i < times.size(); i++) {
        long gap = times.get(i) - times.get(i - 1);
        if (times.get(i) > moment && times.get(i - 1) < moment + 60_000 && gap > bestGap) {
          bestGap = gap;
          end = times.get(i);
        }
      }
      return end;
    }
  }
}
