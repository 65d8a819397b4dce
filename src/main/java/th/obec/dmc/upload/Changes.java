package th.obec.dmc.upload;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/** What a committed upload did to the stored records. */
public record Changes(int inserted, int updated, int unchanged) {
  public static final Changes NONE = new Changes(0, 0, 0);

  /** From an upsert that answers one row: (rows inserted, rows written); the rest were unchanged. */
  public static Changes counted(RowSet<Row> result, int rows) {
    Row r = result.iterator().next();
    int inserted = r.getInteger(0);
    int written = r.getInteger(1);
    return new Changes(inserted, written - inserted, rows - written);
  }
}
