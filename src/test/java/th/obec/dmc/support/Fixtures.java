package th.obec.dmc.support;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registry and accounts built through the API, as an OBEC administrator would. */
public final class Fixtures {
  public static final String PASSWORD = "password-1234";

  private Fixtures() {}

  /** Imports a registry CSV: each row is area_code, area_name, area_kind, province, school_code, school_name. */
  public static void registry(TestServer server, String adminToken, String... rows) {
    String csv = "area_code,area_name,area_kind,province,school_code,school_name\n" + String.join("\n", rows) + "\n";
    var r = server.postBytes("/api/v1/registry/schools", adminToken, csv.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  /**
   * Schools {@code prefix} + 5 digits (0 to count - 1) in area 3001, each with {@code rooms} rooms (grade ป.r, room r)
   * of {@code perRoom} active students whose citizen IDs are G + (school * 1000 + r * 100 + n), n from 1.
   */
  public static void schoolsWithRooms(TestServer server, String adminToken, th.obec.dmc.db.DatabaseUrl db, String prefix,
                                      int count, int rooms, int perRoom) {
    String[] rows = new String[count];
    for (int s = 0; s < count; s++) rows[s] = String.format("3001,สพป.ทดสอบ,สพป.,ตาก,%s%05d,โรงเรียน %d", prefix, s, s);
    registry(server, adminToken, rows);
    TestDatabase.sql(db, "INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex,"
        + " birth_date, grade, room, status, updated_at)"
        + " SELECT '" + prefix + "' || lpad(s::text, 5, '0'), 'G' || lpad((s * 1000 + r * 100 + n)::text, 12, '0'), n::text,"
        + " 'เด็กหญิง', 'ก', 'ข', 'F', date '2016-06-01', 'ป.' || r, r::text, 'active', now()"
        + " FROM generate_series(0, " + (count - 1) + ") s, generate_series(1, " + rooms + ") r,"
        + " generate_series(1, " + perRoom + ") n");
  }

  /** An initial password, as an administrator sets it; the user changes it at first login. */
  public static final String INITIAL_PASSWORD = "initial-password-1";

  /** Creates the account and, as its user would at first login, changes the initial password to {@link #PASSWORD}. */
  public static void user(TestServer server, String adminToken, String username, String role, String scopeField,
                          String scope) {
    JsonObject body = new JsonObject().put("username", username).put("password", INITIAL_PASSWORD).put("role", role);
    if (scopeField != null) body.put(scopeField, scope);
    var r = server.post("/api/v1/users", adminToken, body);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    changeInitialPassword(server, username);
  }

  public static void changeInitialPassword(TestServer server, String username) {
    String first = server.login(username, INITIAL_PASSWORD);
    var changed = server.post("/api/v1/auth/password", first,
        new JsonObject().put("currentPassword", INITIAL_PASSWORD).put("newPassword", PASSWORD));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
  }
}
