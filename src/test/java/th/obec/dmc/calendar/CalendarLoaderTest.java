package th.obec.dmc.calendar;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalendarLoaderTest {

  @Test
  void theDefaultCalendarIsTermTwoOf2566WithTheSeedsWindows() {
    RoundCalendar c = CalendarLoader.load(Optional.empty());
    assertEquals(2566, c.academicYear());
    assertEquals(2, c.term());
    assertEquals("Asia/Bangkok", c.zone().getId());
    assertEquals(9, c.phases().size());
    assertWindow(c, "BOBEC_ENTRY", "2.1.1", "2023-09-30T17:00:00Z", "2023-10-30T17:00:00Z");
    assertWindow(c, "DMC_UPDATE", "2.2.1", "2023-10-14T17:00:00Z", "2023-11-10T09:30:00Z");
    assertWindow(c, "DMC_MONITOR", "2.2.2", "2023-10-14T17:00:00Z", "2023-11-10T17:00:00Z");
    assertWindow(c, "DMC_CONFIRM", "2.2.3", "2023-11-10T01:30:00Z", "2023-11-10T09:30:00Z");
    assertWindow(c, "DMC_CERTIFY", "2.2.4", "2023-11-10T01:30:00Z", "2023-11-10T09:30:00Z");
    assertWindow(c, "AREA_ACKNOWLEDGE", "2.2.5", "2023-11-10T17:00:00Z", "2023-11-11T17:00:00Z");
    assertWindow(c, "DMC_CLOSE", "2.2.6", "2023-11-10T17:00:00Z", "2023-11-11T17:00:00Z");
    assertWindow(c, "EXCHANGE_SEND", "2.2.7", "2023-11-10T17:00:00Z", "2023-11-15T17:00:00Z");
    assertWindow(c, "YEAR_END_PROMOTION", "3.1", "2024-03-24T17:00:00Z", "2024-05-15T17:00:00Z");
    assertTrue(c.phase("DMC_CERTIFY").orElseThrow().roles().contains(th.obec.dmc.auth.Role.SCHOOL_DIRECTOR));
  }

  @Test
  void buddhistEraYearsAndExplicitOffsetsAreAccepted() {
    RoundCalendar c = CalendarLoader.parse("t.json", calendarWith(
        "\"start\": \"2567-06-10T08:30\", \"end\": \"2024-06-10T16:30:00+07:00\""));
    Phase p = c.phase("DMC_CONFIRM").orElseThrow();
    assertEquals(Instant.parse("2024-06-10T01:30:00Z"), p.start());
    assertEquals(Instant.parse("2024-06-10T09:30:00Z"), p.end());
  }

  @Test
  void aBadDateIsReportedWithItsLineAndField() {
    var e = assertThrows(CalendarLoader.CalendarException.class, () -> CalendarLoader.parse("bad.json",
        calendarWith("\"start\": \"2023-11-10T08:30\",\n      \"end\": \"10/11/2566 16:30\"")));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    assertTrue(e.getMessage().contains("line 14"), e.getMessage());
    assertTrue(e.getMessage().contains("phases[1].end"), e.getMessage());
  }

  @Test
  void brokenJsonIsReportedWithItsLine() {
    String text = calendarWith("\"start\": \"2023-11-10T08:30\", \"end\": \"2023-11-10T16:30\"")
        .replace("\"term\": 2,", "\"term\": 2");
    var e = assertThrows(CalendarLoader.CalendarException.class, () -> CalendarLoader.parse("x.json", text));
    assertTrue(e.getMessage().matches("(?s).*line 4: not valid JSON.*"), e.getMessage());
  }

  @Test
  void unknownRolesMissingPhasesAndBackwardWindowsAreRefused() {
    var role = assertThrows(CalendarLoader.CalendarException.class, () -> CalendarLoader.parse("r.json",
        calendarWith("\"start\": \"2023-11-10T08:30\", \"end\": \"2023-11-10T16:30\"")
            .replace("\"school_staff\"", "\"teacher\"")));
    assertTrue(role.getMessage().contains("field phases[1].roles[0]"), role.getMessage());

    var backward = assertThrows(CalendarLoader.CalendarException.class, () -> CalendarLoader.parse("b.json",
        calendarWith("\"start\": \"2023-11-10T16:30\", \"end\": \"2023-11-10T08:30\"")));
    assertTrue(backward.getMessage().contains("phases[1].end: must be after start"), backward.getMessage());

    var missing = assertThrows(CalendarLoader.CalendarException.class, () -> CalendarLoader.parse("m.json",
        calendarWith("\"start\": \"2023-11-10T08:30\", \"end\": \"2023-11-10T16:30\"")
            .replace("DMC_CLOSE", "DMC_SHUT")));
    assertTrue(missing.getMessage().contains("phase DMC_CLOSE is missing"), missing.getMessage());
  }

  private static void assertWindow(RoundCalendar c, String code, String step, String start, String end) {
    Phase p = c.phase(code).orElseThrow();
    assertEquals(step, p.step());
    assertEquals(Instant.parse(start), p.start(), code);
    assertEquals(Instant.parse(end), p.end(), code);
    assertTrue(!p.nameTh().isBlank() && !p.nameEn().isBlank() && !p.roles().isEmpty());
  }

  /** A calendar whose DMC_CONFIRM phase (phases[1], from line 12) has the given window text. */
  static String calendarWith(String confirmWindow) {
    StringBuilder phases = new StringBuilder();
    String[] others = {"BOBEC_ENTRY", "DMC_UPDATE", "DMC_MONITOR", "DMC_CERTIFY", "AREA_ACKNOWLEDGE", "DMC_CLOSE", "EXCHANGE_SEND",
        "YEAR_END_PROMOTION"};
    for (String code : others) {
      phases.append(",\n    {\"code\": \"").append(code).append("\", \"step\": \"x\", \"nameTh\": \"ก\", \"nameEn\": \"a\",")
          .append(" \"roles\": [\"obec_admin\"], \"start\": \"2023-10-01T00:00\", \"end\": \"2023-12-01T00:00\"}");
    }
    return "{\n"
        + "  \"academicYear\": 2566,\n"
        + "  \"term\": 2,\n"
        + "  \"timezone\": \"Asia/Bangkok\",\n"
        + "  \"phases\": [\n"
        + "    {\"code\": \"EXTRA\", \"step\": \"0\", \"nameTh\": \"ก\", \"nameEn\": \"a\", \"roles\": [\"obec_admin\"],\n"
        + "     \"start\": \"2023-10-01T00:00\", \"end\": \"2023-10-02T00:00\"},\n"
        + "    {\n"
        + "      \"code\": \"DMC_CONFIRM\",\n"
        + "      \"step\": \"2.2.3\",\n"
        + "      \"nameTh\": \"ยืนยัน\", \"nameEn\": \"Confirm\",\n"
        + "      \"roles\": [\"school_staff\"],\n"
        + "      " + confirmWindow + "\n"
        + "    }" + phases + "\n"
        + "  ]\n"
        + "}\n";
  }
}
