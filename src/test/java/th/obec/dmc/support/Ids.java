package th.obec.dmc.support;

/** Valid Thai citizen IDs for tests, with a correct check digit. */
public final class Ids {
  private Ids() {}

  public static String citizen(long n) {
    String body = String.format("11017%07d", n);
    int sum = 0;
    for (int i = 0; i < 12; i++) sum += (body.charAt(i) - '0') * (13 - i);
    return body + (11 - sum % 11) % 10;
  }

  /** The same ID with its last digit changed, so its check digit is wrong. */
  public static String mistyped(long n) {
    String id = citizen(n);
    char last = id.charAt(12);
    return id.substring(0, 12) + (char) (last == '9' ? '0' : last + 1);
  }

  /** A valid citizen ID that begins with 0 (people without registration status hold such IDs). */
  public static String withLeadingZero() {
    for (long n = 1; ; n++) {
      String body = String.format("0%011d", 100_000_000L + n);
      int sum = 0;
      for (int i = 0; i < 12; i++) sum += (body.charAt(i) - '0') * (13 - i);
      return body + (11 - sum % 11) % 10;
    }
  }
}
