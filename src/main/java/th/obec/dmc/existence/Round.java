package th.obec.dmc.existence;

import th.obec.dmc.calendar.RoundCalendar;

/** A counting round: an academic year (BE) and a term. */
public record Round(int academicYear, int term) {

  /** The round a calendar counts. */
  public static Round of(RoundCalendar calendar) {
    return new Round(calendar.academicYear(), calendar.term());
  }
}
