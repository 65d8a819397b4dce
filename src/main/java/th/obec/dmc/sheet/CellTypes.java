package th.obec.dmc.sheet;

import java.util.HashMap;
import java.util.Map;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading typed values the many ways schools write them. Each returns null when the text cannot be read. */
public final class CellTypes {
  private static final Pattern ISO = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$");
  private static final Pattern DMY = Pattern.compile("^(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4}|\\d{2})$");
  /** "1 ม.ค. 2555", "1 มกราคม 2555", "1 มกราคม พ.ศ. 2555": a day, a Thai month's name, a year. */
  private static final Pattern THAI_MONTH = Pattern.compile("^(\\d{1,2})\\s*([\\u0E00-\\u0E7F.\\s]+?)\\s*(?:พ\\.?\\s?ศ\\.?\\s*)?(\\d{4}|\\d{2})$");
  /** A time after the date, as Excel's text of a date cell carries it: "1/1/2555 0:00", "2012-05-13 00:00:00". */
  private static final Pattern TRAILING_TIME = Pattern.compile("[\\sT]+\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:น\\.)?$");
  /** The months' Thai names, full and short, without dots or spaces (ThaiDates writes the short ones). */
  private static final Map<String, Integer> THAI_MONTHS = thaiMonths();
  /** Excel's day 0 in its 1900 date system (its 29 February 1900, which never was, is why it is the 30th). */
  private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
  private static final Pattern G_CODE = Pattern.compile("^G\\d{12}$");
  private static final Pattern WITH_UNIT = Pattern.compile(
      "^([-+]?[\\d,. ]*\\d)\\s*(?:นาที|ชั่วโมง|ชม\\.?|กม\\.?|กิโลเมตร|บาท|ปี|เดือน|กก\\.?|ซม\\.?|km|min)$");
  private static final Pattern SCIENTIFIC = Pattern.compile("^\\d(?:\\.\\d+)?[eE]\\+?\\d{1,2}$");
  private static final Pattern THIRTEEN_DIGITS = Pattern.compile("^\\d{13}$");

  private CellTypes() {}

  /**
   * dd/mm/yyyy in BE ({@code 13/05/2555}) or CE, d-m-yyyy, d.m.yyyy, or ISO (what Excel date cells give); a Thai
   * month's name, full or short ({@code 1 ม.ค. 2555}, {@code 10 พ.ย. 2566}, as ThaiDates writes); a time after it
   * ({@code 1/1/2555 0:00}); a year of two digits, read as BE 25yy ({@link #twoDigitYear} tells which were).
   */
  public static LocalDate date(String text) {
    String t = TRAILING_TIME.matcher(text).replaceFirst("");
    Matcher iso = ISO.matcher(t);
    Matcher dmy = DMY.matcher(t);
    Matcher thai = THAI_MONTH.matcher(t);
    int y;
    int m;
    int d;
    String year;
    if (iso.matches()) {
      year = iso.group(1);
      m = Integer.parseInt(iso.group(2));
      d = Integer.parseInt(iso.group(3));
    } else if (dmy.matches()) {
      d = Integer.parseInt(dmy.group(1));
      m = Integer.parseInt(dmy.group(2));
      year = dmy.group(3);
    } else if (thai.matches() && THAI_MONTHS.containsKey(monthKey(thai.group(2)))) {
      d = Integer.parseInt(thai.group(1));
      m = THAI_MONTHS.get(monthKey(thai.group(2)));
      year = thai.group(3);
    } else {
      return null;
    }
    y = Integer.parseInt(year);
    // Two digits are a BE year of this century of the Buddhist Era: "13/05/55" is 2555, as Thai schools write it.
    if (year.length() == 2) y += 2500;
    y = y >= 2400 ? y - 543 : y;
    if (y < 1900) return null;
    try {
      return LocalDate.of(y, m, d);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Whether the date's text gave its year in two digits (then read as BE 25yy). */
  public static boolean twoDigitYear(String text) {
    // Asked of every date the validator reads: a four-digit run (the usual year) answers at once, without the regexes.
    for (int i = 0, run = 0; i < text.length(); i++) {
      run = Character.isDigit(text.charAt(i)) ? run + 1 : 0;
      if (run == 4) return false;
    }
    String t = TRAILING_TIME.matcher(text).replaceFirst("");
    Matcher dmy = DMY.matcher(t);
    Matcher thai = THAI_MONTH.matcher(t);
    return dmy.matches() && dmy.group(3).length() == 2 || thai.matches() && thai.group(3).length() == 2;
  }

  /**
   * A date cell's serial number as Excel stores it (days since its 1900 epoch, a fraction for the time), from
   * 1 January 1900 to 31 December 2199; null for any other text. A cell in a date column is a date whatever
   * format Excel shows it in: Thai Excel's Buddhist-era formats (d/m/bbbb, [$-th-TH], B2, [$-107041E]) change how
   * the day is shown, never the day, and some of them are not recognised as date formats by POI.
   */
  public static LocalDate excelSerial(String text) {
    BigDecimal n = number(text);
    if (n == null || n.signum() <= 0 || n.compareTo(BigDecimal.valueOf(109_574)) > 0) return null;
    return EXCEL_EPOCH.plusDays(n.longValue());
  }

  private static String monthKey(String name) {
    return name.replace(".", "").replace(" ", "");
  }

  private static Map<String, Integer> thaiMonths() {
    String[] full = {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
        "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
    String[] shortNames = {"มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"};
    Map<String, Integer> months = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      months.put(full[i], i + 1);
      months.put(shortNames[i], i + 1);
    }
    return Map.copyOf(months);
  }

  /**
   * A number written with thousands separators or spaces, or as Excel's "12.0", or with its unit after it as the
   * portal's export writes some ("15 นาที", "2.5 กม.", "3,500 บาท").
   */
  public static BigDecimal number(String text) {
    Matcher unit = WITH_UNIT.matcher(text);
    String digits = unit.matches() ? unit.group(1) : text;
    try {
      BigDecimal n = new BigDecimal(digits.replace(",", "").replace(" ", ""));
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

  /** A number as Excel shows a long one it has rounded: 1.10E+12, 1.1017E+12. */
  public static boolean isScientific(String text) {
    return SCIENTIFIC.matcher(text.strip()).matches();
  }

  /**
   * The 13-digit ID a 12-digit number was before Excel dropped its leading 0 (people without registration status,
   * common in border schools, hold IDs beginning with 0), when that ID's check digit is right; otherwise null.
   */
  public static String leadingZeroRestored(String text) {
    String digits = text.replace("-", "").replace(" ", "");
    if (digits.endsWith(".0")) digits = digits.substring(0, digits.length() - 2);
    if (digits.length() != 12 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return null;
    String id = "0" + digits;
    return citizenIdChecksumOk(id) ? id : null;
  }

  /** The Thai citizen-ID check digit: (11 - (sum of digit[i] * (13 - i) for i = 0..11) mod 11) mod 10. */
  public static boolean citizenIdChecksumOk(String id) {
    if (!THIRTEEN_DIGITS.matcher(id).matches()) return true;
    int sum = 0;
    for (int i = 0; i < 12; i++) sum += (id.charAt(i) - '0') * (13 - i);
    return (11 - sum % 11) % 10 == id.charAt(12) - '0';
  }
}
