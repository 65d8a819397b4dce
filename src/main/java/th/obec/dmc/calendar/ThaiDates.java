package th.obec.dmc.calendar;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Dates as Thai readers write them: Buddhist Era years (BE = CE + 543), Thai month abbreviations. */
public final class ThaiDates {
  public static final int BE_OFFSET = 543;
  private static final String[] MONTHS_TH = {
      "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
  private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

  private ThaiDates() {}

  /** "10 พ.ย. 2566 08:30 น." */
  public static String thai(Instant instant, ZoneId zone) {
    ZonedDateTime t = instant.atZone(zone);
    return String.format("%d %s %d %02d:%02d น.", t.getDayOfMonth(), MONTHS_TH[t.getMonthValue() - 1],
        t.getYear() + BE_OFFSET, t.getHour(), t.getMinute());
  }

  /** "10 พ.ย. 2566". */
  public static String thaiDate(LocalDate d) {
    return d.getDayOfMonth() + " " + MONTHS_TH[d.getMonthValue() - 1] + " " + (d.getYear() + BE_OFFSET);
  }

  /** "13/05/2555": a date as Thai schools write it in a workbook (BE, day first). */
  public static String slashed(LocalDate d) {
    return String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear() + BE_OFFSET);
  }

  /** "10 Nov 2023". */
  public static String englishDate(LocalDate d) {
    return d.getDayOfMonth() + " " + d.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
        + " " + d.getYear();
  }

  /** "10 Nov 2023 08:30". */
  public static String english(Instant instant, ZoneId zone) {
    return EN.format(instant.atZone(zone));
  }

  /** A year written as BE (2400 and over) becomes CE; a CE year stays as it is. */
  public static int toCommonEra(int year) {
    return year >= 2400 ? year - BE_OFFSET : year;
  }
}
