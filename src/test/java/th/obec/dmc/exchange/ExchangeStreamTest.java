package th.obec.dmc.exchange;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestServer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many batches through the cursor: every row arrives once, in order, and the manifest agrees with the CSVs. */
@ExtendWith(VertxExtension.class)
class ExchangeStreamTest {
  private static final int SCHOOLS = 5;
  private static final int PER_SCHOOL = 1_503;

  @Test
  void aSnapshotOfManyBatchesStreamsWhole(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, ExchangeStreamTest.class, Map.of("DMC_CLOCK", "2023-11-12T10:00:00+07:00"))) {
      String admin = server.adminToken();
      String[] rows = new String[SCHOOLS];
      for (int s = 0; s < SCHOOLS; s++) rows[s] = "8001,สพป.ทดสอบ,สพป.,ตาก,10800" + String.format("%05d", s) + ",\"โรงเรียน \"\"" + s + "\"\", ตาก\"";
      Fixtures.registry(server, admin, rows);
      th.obec.dmc.support.TestDatabase.sql(server.db, "INSERT INTO round_closure VALUES (2566, 2, 'admin', '2023-11-11T03:00:00Z', "
          + SCHOOLS * PER_SCHOOL + ")");
      th.obec.dmc.support.TestDatabase.sql(server.db, "INSERT INTO round_snapshot SELECT 2566, 2, '10800' || lpad(s::text, 5, '0'),"
          + " 'G' || lpad((s * 10000 + n)::text, 12, '0'), 'เด็กหญิง', 'ชื่อ,' || n, 'สกุล', 'F', date '2015-01-01', 'ป.2', '1',"
          + " n % 10 <> 0, CASE WHEN n % 10 = 0 THEN 'other' END"
          + " FROM generate_series(0, " + (SCHOOLS - 1) + ") s, generate_series(1, " + PER_SCHOOL + ") n");

      var r = server.get("/api/v1/exchange/2566/2.zip", admin);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(r.body().getBytes()))) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) entries.put(e.getName(), in.readAllBytes());
      }
      String students = new String(entries.get("students.csv"), StandardCharsets.UTF_8);
      assertEquals(SCHOOLS * PER_SCHOOL + 1, students.lines().count());
      assertTrue(students.contains("\"ชื่อ,1503\""), "a comma in a name is quoted");
      String[] lines = students.split("\r\n");
      for (int i = 2; i < lines.length; i++) assertTrue(lines[i - 1].compareTo(lines[i]) < 0, "ordered at line " + i);
      String schools = new String(entries.get("schools.csv"), StandardCharsets.UTF_8);
      assertTrue(schools.contains("1080000000,\"โรงเรียน \"\"0\"\", ตาก\",8001,ตาก,1353,150,0"), schools);
      JsonObject manifest = new JsonObject(new String(entries.get("manifest.json"), StandardCharsets.UTF_8));
      assertEquals("2023-11-11T03:00:00Z", manifest.getString("snapshotAt"));
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entries.get("students.csv"))),
          manifest.getJsonArray("files").getJsonObject(1).getString("sha256"));
      assertEquals(SCHOOLS * PER_SCHOOL, manifest.getJsonArray("files").getJsonObject(1).getLong("rows"));
    }
  }
}
