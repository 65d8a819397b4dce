package th.obec.dmc.calendar;

import th.obec.dmc.auth.Role;

import java.time.Instant;
import java.util.List;

/** One window of the calendar: start inclusive, end exclusive. */
public record Phase(String code, String step, String nameTh, String nameEn, List<Role> roles,
                    Instant start, Instant end) {

  public boolean isOpenAt(Instant now) {
    return !now.isBefore(start) && now.isBefore(end);
  }

  public boolean notYetOpenAt(Instant now) {
    return now.isBefore(start);
  }
}
