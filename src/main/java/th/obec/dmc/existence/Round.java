package th.obec.dmc.existence;

/** A counting round: an academic year (BE) and a term. */
public record Round(int academicYear, int term) {

  /** The round a calendar counts. */
  public static Round of(th.obec.dmc.calendar.RoundCalendar calendar) {
    return new Round(calendar.academicYear(), calendar.term());
  }
}
