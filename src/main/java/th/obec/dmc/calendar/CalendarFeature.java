package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Feature;

/** The round's calendar: its public routes, the phase gate other features ask, and the phase meters. */
public final class CalendarFeature implements Feature {
  private final PhaseGate gate;
  private final CalendarRoutes routes;

  public CalendarFeature(RoundCalendar calendar, BusinessClock clock, MeterRegistry metrics) {
    this.gate = new PhaseGate(calendar, clock);
    this.routes = new CalendarRoutes(calendar, clock, gate);
    PhaseMeters.register(metrics, calendar, clock);
  }

  public PhaseGate gate() {
    return gate;
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
