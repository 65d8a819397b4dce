package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** One gauge per phase of the calendar: 1 while it is open by the business clock, 0 otherwise. */
public final class PhaseMeters {
  private PhaseMeters() {}

  public static void register(MeterRegistry registry, RoundCalendar calendar, BusinessClock clock) {
    for (Phase phase : calendar.phases()) {
      Gauge.builder("dmc.phase.open", () -> phase.isOpenAt(clock.now()) ? 1 : 0)
          .description("1 while the calendar phase is open")
          .tag("phase", phase.code()).tag("step", phase.step())
          .register(registry);
      Gauge.builder("dmc.phase.closes.in", () -> Math.max(0, phase.end().getEpochSecond() - clock.now().getEpochSecond()))
          .description("Seconds until the phase closes (0 once closed)").baseUnit("seconds")
          .tag("phase", phase.code())
          .register(registry);
    }
  }
}
