package th.obec.dmc.student;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.SheetSpecs;

import java.util.ArrayList;
import java.util.List;

/**
 * The DMC portal's "รายชื่อนักเรียน" export, as {@code templates/students-dmc.json} declares it: the title, and
 * each header with the key of the students spec it holds (null: a column the gateway does not keep).
 */
record DmcLayout(String titleTh, String sheetName, String none, List<Header> headers) {

  record Header(String header, String key) {}

  static DmcLayout load() {
    JsonObject root = SheetSpecs.template("students-dmc");
    List<Header> headers = new ArrayList<>();
    root.getJsonArray("headers").forEach(h -> headers.add(new Header(((JsonObject) h).getString("header"),
        ((JsonObject) h).getString("key"))));
    return new DmcLayout(root.getString("titleTh"), root.getString("sheetNameTh"), root.getString("none"),
        List.copyOf(headers));
  }
}
