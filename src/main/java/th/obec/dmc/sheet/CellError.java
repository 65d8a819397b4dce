package th.obec.dmc.sheet;

import io.vertx.core.json.JsonObject;

/** What is wrong with one cell, in words a school officer can act on, Thai first. */
public record CellError(int row, String column, String headerTh, String value, String code,
                        String detail, String detailTh) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("row", row)
        .put("column", column)
        .put("headerTh", headerTh)
        .put("value", value)
        .put("code", code)
        .put("detail", detail)
        .put("detailTh", detailTh);
  }
}
