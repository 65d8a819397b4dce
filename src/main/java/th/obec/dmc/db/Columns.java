package th.obec.dmc.db;

import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.function.Function;

/**
 * Rows turned into columns: one array per field, for {@code INSERT ... SELECT ... FROM unnest($1::text[], ...)},
 * the bulk write vertx-pg-client has instead of COPY. The one place the parallel arrays are built.
 */
public final class Columns {
  private Columns() {}

  /** For each getter, the array of its value in every row, in the rows' order. */
  @SafeVarargs
  public static <T> String[][] of(List<T> rows, Function<T, String>... fields) {
    String[][] columns = new String[fields.length][rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      T row = rows.get(r);
      for (int f = 0; f < fields.length; f++) columns[f][r] = fields[f].apply(row);
    }
    return columns;
  }

  /** The same arrays added to {@code args}, in the getters' order. */
  @SafeVarargs
  public static <T> Tuple addTo(Tuple args, List<T> rows, Function<T, String>... fields) {
    for (String[] column : of(rows, fields)) args.addArrayOfString(column);
    return args;
  }
}
