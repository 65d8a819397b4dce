package th.obec.dmc.drill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One school's 10 November as the pages would do it: the staff member logs in and reads the roll; answers
 * a few students not present, with a reason; confirms the rest room by room; then the director logs in
 * and certifies. Answers how many students were answered not present, or -1 when a step failed.
 */
final class SchoolDay {
  static final int PAGE = 1000;

  private SchoolDay() {}

  record Login(String username, String password) {}

  static long run(DrillClient client, String school, Login staff, Login director, int absentEvery,
                  Acknowledgements acks) throws InterruptedException {
    String token = login(client, staff);
    if (token == null) return -1;
    List<JsonObject> roll = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonObject answer = client.send("roll", "GET", "/api/v1/schools/" + school + "/students?size=" + PAGE + "&page=" + page,
          token, null);
      if (answer == null) return -1;
      JsonArray items = answer.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) roll.add(items.getJsonObject(i));
      if (items.size() < PAGE || roll.size() >= answer.getLong("total")) break;
    }
    JsonArray absent = new JsonArray();
    Set<List<String>> rooms = new LinkedHashSet<>();
    for (int i = 0; i < roll.size(); i++) {
      JsonObject s = roll.get(i);
      rooms.add(List.of(s.getString("grade"), s.getString("room")));
      if (i % absentEvery == absentEvery / 2) {
        absent.add(new JsonObject().put("studentId", s.getString("citizenId")).put("present", false)
            .put("reason", "long_absence"));
      }
    }
    String path = "/api/v1/schools/" + school + "/existence";
    if (!absent.isEmpty()) {
      if (client.send("answers", "POST", path, token, new JsonObject().put("answers", absent)) == null) return -1;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < absent.size(); i++) ids.add(absent.getJsonObject(i).getString("studentId"));
      acks.record("answers", school, String.join(";", ids));
    }
    for (List<String> room : rooms) {
      if (client.send("room", "POST", path, token, new JsonObject().put("grade", room.get(0)).put("room", room.get(1))) == null) {
        return -1;
      }
      acks.record("room", school, room.get(0) + "/" + room.get(1));
    }
    String directorToken = login(client, director);
    if (directorToken == null) return -1;
    if (client.send("certify", "POST", "/api/v1/schools/" + school + "/certification", directorToken, null) == null) return -1;
    acks.record("certify", school, "");
    return absent.size();
  }

  static String login(DrillClient client, Login login) throws InterruptedException {
    JsonObject answer = client.send("login", "POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", login.username()).put("password", login.password()));
    return answer == null ? null : answer.getString("access_token");
  }
}
