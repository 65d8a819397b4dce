package th.obec.dmc.drill;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.Migrations;
import th.obec.dmc.seed.SeedCommand;
import th.obec.dmc.sheet.CellTypes;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small synthetic country seeded, then its 10 November rehearsed by the drill against a real server that
 * sheds load: every student answered once, every school certified, the busy answers waited out, not lost.
 */
@ExtendWith(VertxExtension.class)
class SeedAndDrillTest {
  private static final String STUDENTS_DIGEST = "SELECT md5(string_agg(school_code || citizen_id || first_name || last_name"
      + " || birth_date || grade || room || sex, ',' ORDER BY citizen_id)) FROM student";

  @Test
  void aSeededCountryIsDrilledThroughABusyServerAndNothingIsLost(Vertx vertx) throws Exception {
    Path data = ClassResources.folder(SeedAndDrillTest.class, "dmc-data");
    DatabaseUrl db = TestDatabase.fresh(SeedAndDrillTest.class);
    Migrations.migrate(db);
    SeedCommand.Options options = SeedCommand.Options.parse(
        List.of("--areas", "2", "--schools", "12", "--students", "3000", "--seed", "7", "--drill-logins"), data);
    SeedCommand.Seeded seeded = SeedCommand.run(options, db, CalendarLoader.load(Optional.empty()));
    assertEquals(3000, seeded.students());
    assertEquals(2 + 2 * 12, seeded.accounts());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(seeded.accountsFile())));

    // The same seed makes the same country.
    DatabaseUrl twin = TestDatabase.fresh(SeedAndDrillTest.class);
    Migrations.migrate(twin);
    SeedCommand.run(SeedCommand.Options.parse(List.of("--areas", "2", "--schools", "12", "--students", "3000",
        "--seed", "7", "--accounts", data.resolve("twin.csv").toString()), data), twin, CalendarLoader.load(Optional.empty()));
    assertEquals(text(db, STUDENTS_DIGEST), text(twin, STUDENTS_DIGEST));
    // Issue 19 item 12: the same seed never makes the same passwords, and without --drill-logins (or --demo)
    // every seeded account must choose its own at first login.
    assertTrue(java.util.Collections.disjoint(passwords(seeded.accountsFile()), passwords(data.resolve("twin.csv"))),
        "seeded passwords follow SecureRandom, not the seed");
    assertEquals(26, TestDatabase.count(twin, "SELECT count(*) FROM app_user WHERE created_by = 'seed' AND must_change_password"));
    assertEquals(0, TestDatabase.count(db, "SELECT count(*) FROM app_user WHERE created_by = 'seed' AND must_change_password"));

    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT citizen_id FROM student")) {
      int gCodes = 0;
      while (rs.next()) {
        String id = rs.getString(1);
        assertNotNull(CellTypes.personId(id), id);
        assertTrue(CellTypes.citizenIdChecksumOk(id), "check digit of " + id);
        if (id.startsWith("G")) gCodes++;
      }
      assertTrue(gCodes > 0, "a few students have G-codes");
    }

    // The seed made no admin: the server makes it at start, as for any database without an obec_admin.
    // Unknown usernames are checked against a decoy at the accounts' median cost (the seed's 1,000 iterations),
    // so that their answers take as long as a seeded account's.
    // Admission is kept tiny so the drill meets 503s and must wait them out.
    try (TestServer server = TestServer.start(vertx, db, data,
        Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00", "DMC_MAX_INFLIGHT", "2"))) {
      String admin = server.adminToken();
      assertTrue(server.get("/metrics", null).bodyAsString()
          .matches("(?s).*\\ndmc_login_decoy_iterations\\{[^}]*} 1000\\.0\\n.*"), "the decoy costs the median");
      JsonObject duplicates = server.get("/api/v1/areas/1001/duplicates", admin).bodyAsJsonObject();
      long areaDuplicates = duplicates.getLong("total", (long) duplicates.getJsonArray("items").size());
      JsonObject other = server.get("/api/v1/areas/2001/duplicates", admin).bodyAsJsonObject();
      assertTrue(areaDuplicates + other.getLong("total", (long) other.getJsonArray("items").size()) > 0,
          "the seed's cross-school duplicates are found: " + duplicates.encode());

      PrintStream console = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        exit = DrillCommand.run(List.of("--target", "http://localhost:" + server.port(), "--concurrency", "8",
            "--accounts", seeded.accountsFile().toString()), data);
      } finally {
        System.setOut(console);
      }
      String out = printed.toString(StandardCharsets.UTF_8);
      console.print(out);
      assertEquals(0, exit, out);
      assertTrue(out.contains("every student answered once, every school certified"), out);
      Matcher shed = Pattern.compile("503/429 answered (\\d+)").matcher(out);
      assertTrue(shed.find() && Long.parseLong(shed.group(1)) > 0, "the drill met a busy server: " + out);

      assertEquals("3000", text(db, "SELECT count(*) FROM existence_answer"));
      assertEquals("3000", text(db, "SELECT count(DISTINCT (school_code, citizen_id)) FROM existence_answer"));
      assertEquals("12", text(db, "SELECT count(*) FROM certification"));
      assertEquals(text(db, "SELECT count(*) FROM existence_answer WHERE NOT present"),
          text(db, "SELECT sum((counts ->> 'notPresent')::int) FROM certification"));
    }
  }

  private static String text(DatabaseUrl db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static java.util.Set<String> passwords(java.nio.file.Path accounts) throws java.io.IOException {
    return Files.readAllLines(accounts).stream().skip(1).map(l -> l.split(",")[1]).collect(java.util.stream.Collectors.toSet());
  }
}
