package th.obec.dmc.calendar;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The calendar of one counting round: an academic year (BE) and a term. */
public record RoundCalendar(int academicYear, int term, ZoneId zone, List<Phase> phases) {

  public Optional<Phase> phase(String code) {
    return phases.stream().filter(p -> p.code().equals(code)).findFirst();
  }
}
