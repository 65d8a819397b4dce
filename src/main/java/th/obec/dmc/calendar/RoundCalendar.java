package th.obec.dmc.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The calendar of one counting round: an academic year (BE) and a term. */
public record RoundCalendar(int academicYear, int term, ZoneId zone, List<Phase> phases) {

  public Optional<Phase> phase(String code) {
    return phases.stream().filter(p -> p.code().equals(code)).findFirst();
  }

  /** The count day (10 June or 10 November): the day the existence answers open, from the calendar's data. */
  public LocalDate countDate() {
    return phase("DMC_CONFIRM").orElseThrow(() -> new IllegalStateException("the calendar has no DMC_CONFIRM phase"))
        .start().atZone(zone).toLocalDate();
  }

  /** The day B-OBEC records are as of: the last day of their entry window. */
  public Optional<LocalDate> buildingsDate() {
    return phase("BOBEC_ENTRY").map(p -> p.end().minusSeconds(1).atZone(zone).toLocalDate());
  }
}
