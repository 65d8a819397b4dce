package th.obec.dmc.student;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.LocatedJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DMC portal's "รายชื่อนักเรียน" export, as {@code templates/students-dmc.json} declares it: the title, and
 * each header with the key of the students spec it holds (null: a column the gateway does not keep).
 */
record DmcLayout(String titleTh, String sheetName, String none, List<Header> headers) {

  record Header(String header, String key) {}

  static DmcLayout load() {
    String resource = "templates/students-dmc.json";
    try (InputStream in = DmcLayout.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      JsonObject root = LocatedJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).root();
      List<Header> headers = new ArrayList<>();
      root.getJsonArray("headers").forEach(h -> headers.add(new Header(((JsonObject) h).getString("header"),
          ((JsonObject) h).getString("key"))));
      return new DmcLayout(root.getString("titleTh"), root.getString("sheetNameTh"), root.getString("none"),
          List.copyOf(headers));
    } catch (IOException | LocatedJson.SyntaxException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
