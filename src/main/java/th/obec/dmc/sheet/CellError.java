package th.obec.dmc.sheet;

import io.vertx.core.json.JsonObject;

/**
 * What is wrong with one cell. The message says it for the column, without the row, so that errors
 * can be grouped by code and column; {@link #detail()} adds the row and the value.
 */
public record CellError(int row, String column, String headerTh, String headerEn, String value, String code,
                        String messageEn, String messageTh) {

  public static CellError of(RawRow row, ColumnSpec c, String value, String code, String en, String th) {
    return of(row.rowNumber(), c, value, code, en, th);
  }

  public static CellError of(int row, ColumnSpec c, String value, String code, String en, String th) {
    return new CellError(row, c.key(), c.headerTh(), c.headerEn(), value, code, en, th);
  }

  public String detail() {
    return "Row " + row + ", " + headerEn + (value == null ? "" : " '" + value + "'") + ": " + messageEn;
  }

  public String detailTh() {
    return "แถวที่ " + row + " คอลัมน์ " + headerTh + (value == null ? "" : " '" + value + "'") + ": " + messageTh;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("row", row)
        .put("column", column)
        .put("headerTh", headerTh)
        .put("value", value)
        .put("code", code)
        .put("detail", detail())
        .put("detailTh", detailTh());
  }
}
