package th.obec.dmc.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading upload answers in tests. */
public final class UploadCalls {
  private UploadCalls() {}

  public static JsonObject upload(TestServer server, String token, String school, String kind, byte[] file, int status) {
    var r = server.postBytes("/api/v1/schools/" + school + "/uploads?kind=" + kind, token, file);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** The error group of this code and column: its rows. */
  public static List<Integer> rowsOf(JsonObject result, String code, String column) {
    return rowsOf(result, "errors", code, column);
  }

  /** The warning group of this code and column: its rows. */
  public static List<Integer> warningRowsOf(JsonObject result, String code, String column) {
    return rowsOf(result, "warnings", code, column);
  }

  private static List<Integer> rowsOf(JsonObject result, String list, String code, String column) {
    JsonArray errors = result.getJsonArray(list);
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      if (e.getString("code").equals(code) && e.getString("column").equals(column)) {
        return e.getJsonArray("rows").stream().map(o -> ((Number) o).intValue()).toList();
      }
    }
    throw new AssertionError("no " + list + " " + code + " on " + column + " in " + errors.encodePrettily());
  }
}
