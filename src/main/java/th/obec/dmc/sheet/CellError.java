package th.obec.dmc.sheet;

import io.vertx.core.json.JsonObject;

/**
 * What is wrong with one cell. The message says it for the column, without the row, so that errors
 * can be grouped by code and column; {@link #detail()} adds the row and the value.
 */
public record CellError(int row, String column, String headerTh, String headerEn, String value, String code,
                        String messageEn, String messageTh) {
  /** What is kept of an offending value: enough to find it, never a 30,000-character cell repeated. */
  public static final int VALUE_KEPT = 200;

  public CellError {
    value = shorten(value);
  }

  public static String shorten(String value) {
    if (value == null || value.length() <= VALUE_KEPT) return value;
    int end = Character.isHighSurrogate(value.charAt(VALUE_KEPT - 1)) ? VALUE_KEPT - 1 : VALUE_KEPT;
    return value.substring(0, end) + "…";
  }

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
