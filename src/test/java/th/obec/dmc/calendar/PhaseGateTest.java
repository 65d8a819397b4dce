package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import org.junit.jupiter.api.Test;
import th.obec.dmc.kernel.Problem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhaseGateTest {
  private static final RoundCalendar CALENDAR = CalendarLoader.load(Optional.empty());

  private static PhaseGate at(String bangkokTime) {
    return new PhaseGate(CALENDAR, BusinessClock.fixed(OffsetDateTime.parse(bangkokTime + "+07:00").toInstant()));
  }

  @Test
  void confirmingOpensAt0830AndClosesAt1630ToTheSecond() {
    assertEquals(PhaseGate.State.NOT_YET_OPEN, at("2023-11-10T08:29:59").verdict(Action.CONFIRM_EXISTENCE).state());
    assertEquals(PhaseGate.State.OPEN, at("2023-11-10T08:30:00").verdict(Action.CONFIRM_EXISTENCE).state());
    assertEquals(PhaseGate.State.OPEN, at("2023-11-10T16:29:59").verdict(Action.CONFIRM_EXISTENCE).state());
    assertEquals(PhaseGate.State.CLOSED, at("2023-11-10T16:30:00").verdict(Action.CONFIRM_EXISTENCE).state());
    assertEquals(PhaseGate.State.CLOSED, at("2023-11-10T16:30:00").verdict(Action.CERTIFY_EXISTENCE).state());
    assertEquals(PhaseGate.State.CLOSED, at("2023-11-10T16:30:00").verdict(Action.UPDATE_STUDENTS).state());
  }

  @Test
  void theNextDayBelongsToTheAreaAndToObec() {
    PhaseGate gate = at("2023-11-11T00:00:00");
    assertTrue(gate.verdict(Action.ACKNOWLEDGE_AREA).allowed());
    assertTrue(gate.verdict(Action.CLOSE_ROUND).allowed());
    assertTrue(gate.verdict(Action.SEND_EXCHANGE).allowed());
    assertEquals(PhaseGate.State.CLOSED, gate.verdict(Action.MONITOR_DATA).state());
    assertEquals(PhaseGate.State.CLOSED, at("2023-11-16T00:00:00").verdict(Action.SEND_EXCHANGE).state());
    assertTrue(at("2023-11-15T23:59:59").verdict(Action.SEND_EXCHANGE).allowed());
  }

  @Test
  void aRefusalNamesTheActionThePhaseAndItsWindowInThaiAndEnglish() {
    Problem p = assertThrows(Problem.class, () -> at("2023-11-10T16:30:00").check(Action.CERTIFY_EXISTENCE));
    assertEquals(409, p.status());
    assertEquals("PHASE_CLOSED", p.code());
    var body = p.toJson(null);
    assertEquals("DMC_CERTIFY", body.getString("phase"));
    assertEquals("CLOSED", body.getString("state"));
    assertEquals("2023-11-10T08:30:00+07:00", body.getString("opensAt"));
    assertEquals("2023-11-10T16:30:00+07:00", body.getString("closesAt"));
    assertTrue(p.detail().contains("certify the existence of students"), p.detail());
    assertTrue(p.detail().contains("has closed"), p.detail());
    assertTrue(p.detailTh().contains("รับรองการมีตัวตนของนักเรียน"), p.detailTh());
    assertTrue(p.detailTh().contains("10 พ.ย. 2566 08:30 น."), p.detailTh());
    assertTrue(p.detailTh().contains("ปิดแล้ว"), p.detailTh());

    Problem early = assertThrows(Problem.class, () -> at("2023-11-10T08:29:59").check(Action.CONFIRM_EXISTENCE));
    assertTrue(early.detail().contains("not opened yet"), early.detail());
    assertTrue(early.detailTh().contains("ยังไม่เปิด"), early.detailTh());
  }

  @Test
  void aDrillClockStartsAtItsInstantAndThenRuns() throws Exception {
    OffsetDateTime start = OffsetDateTime.parse("2023-11-10T08:29:59+07:00");
    BusinessClock clock = BusinessClock.drill(start, java.time.Clock.systemUTC());
    Instant first = clock.now();
    assertTrue(!first.isBefore(start.toInstant()) && first.isBefore(start.toInstant().plusSeconds(1)), first.toString());
    Thread.sleep(20);
    assertTrue(clock.now().isAfter(first));
    assertTrue(clock.isDrill());
  }
}
