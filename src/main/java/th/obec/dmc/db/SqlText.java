package th.obec.dmc.db;

import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;

/** A column value as the API shows it: numbers without trailing zeros, dates ISO, the rest as text. */
public final class SqlText {
  private SqlText() {}

  public static String of(Object value) {
    if (value == null) return null;
    if (value instanceof Numeric n) return plain(n.bigDecimalValue());
    if (value instanceof BigDecimal d) return plain(d);
    return value.toString();
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros().toPlainString();
  }
}
