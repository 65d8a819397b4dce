package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import java.time.temporal.ChronoUnit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.auth.Role;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The calendar as the API shows it: instants as ISO-8601 with the calendar's own offset. */
final class CalendarJson {
  private CalendarJson() {}

  static String time(Instant instant, ZoneId zone) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        instant.truncatedTo(ChronoUnit.MILLIS).atZone(zone).toOffsetDateTime());
  }

  static JsonObject calendar(RoundCalendar calendar, BusinessClock clock) {
    Instant now = clock.now();
    ZoneId zone = calendar.zone();
    JsonArray phases = new JsonArray();
    for (Phase p : calendar.phases()) {
      phases.add(new JsonObject()
          .put("code", p.code())
          .put("step", p.step())
          .put("nameTh", p.nameTh())
          .put("nameEn", p.nameEn())
          .put("roles", new JsonArray(p.roles().stream().map(Role::wire).toList()))
          .put("start", time(p.start(), zone))
          .put("end", time(p.end(), zone))
          .put("open", p.isOpenAt(now)));
    }
    return new JsonObject()
        .put("academicYear", calendar.academicYear())
        .put("term", calendar.term())
        .put("countDate", calendar.countDate().toString())
        .put("timezone", zone.getId())
        .put("now", time(now, zone))
        .put("drill", clock.isDrill())
        .put("phases", phases);
  }

  static JsonObject verdict(PhaseGate.Verdict v, ZoneId zone) {
    return new JsonObject()
        .put("action", v.action().name())
        .put("allowed", v.allowed())
        .put("state", v.state().name())
        .put("phase", v.phase().code())
        .put("opensAt", time(v.phase().start(), zone))
        .put("closesAt", time(v.phase().end(), zone))
        .put("now", time(v.now(), zone));
  }
}
