package th.obec.dmc.sheet;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading typed values the many ways schools write them. Each returns null when the text cannot be read. */
public final class CellTypes {
  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$");
  private static final Pattern DMY = Pattern.compile("^(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4})$");
  private static final Pattern G_CODE = Pattern.compile("^G\\d{12}$");
  private static final Pattern THIRTEEN_DIGITS = Pattern.compile("^\\d{13}$");

  private CellTypes() {}

  /** dd/mm/yyyy in BE ({@code 13/05/2555}) or CE, d-m-yyyy, d.m.yyyy, or ISO (what Excel date cells give). */
  public static LocalDate date(String text) {
    Matcher iso = ISO.matcher(text);
    Matcher dmy = DMY.matcher(text);
    int y;
    int m;
    int d;
    if (iso.matches()) {
      y = Integer.parseInt(iso.group(1));
      m = Integer.parseInt(iso.group(2));
      d = Integer.parseInt(iso.group(3));
    } else if (dmy.matches()) {
      d = Integer.parseInt(dmy.group(1));
      m = Integer.parseInt(dmy.group(2));
      y = Integer.parseInt(dmy.group(3));
    } else {
      return null;
    }
    y = y >= 2400 ? y - 543 : y;
    if (y < 1900) return null;
    try {
      return LocalDate.of(y, m, d);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A number written with thousands separators or spaces, or as Excel's "12.0". */
  public static BigDecimal number(String text) {
    try {
      BigDecimal n = new BigDecimal(text.replace(",", "").replace(" ", ""));
      // An exponent such as 1E999999999 would expand to a billion digits in any later arithmetic.
      return Math.abs((long) n.scale()) > 40 ? null : n;
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** Citizen ID without dashes or spaces, or a G-code in capitals; null for neither shape. */
  public static String personId(String text) {
    String id = text.replace("-", "").replace(" ", "").toUpperCase();
    if (THIRTEEN_DIGITS.matcher(id).matches() || G_CODE.matcher(id).matches()) return id;
    return null;
  }

  /** The Thai citizen-ID check digit: (11 - (sum of digit[i] * (13 - i) for i = 0..11) mod 11) mod 10. */
  public static boolean citizenIdChecksumOk(String id) {
    if (!THIRTEEN_DIGITS.matcher(id).matches()) return true;
    int sum = 0;
    for (int i = 0; i < 12; i++) sum += (id.charAt(i) - '0') * (13 - i);
    return (11 - sum % 11) % 10 == id.charAt(12) - '0';
  }
}
