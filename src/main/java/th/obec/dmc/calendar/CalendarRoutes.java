package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;

import java.util.Arrays;

/** The calendar and the gate's verdicts, readable without a login so every page can show them. */
public final class CalendarRoutes {
  private final RoundCalendar calendar;
  private final BusinessClock clock;
  private final PhaseGate gate;

  public CalendarRoutes(RoundCalendar calendar, BusinessClock clock, PhaseGate gate) {
    this.calendar = calendar;
    this.clock = clock;
    this.gate = gate;
  }

  public void mount(Router router) {
    router.get("/api/v1/calendar").handler(ctx -> Json.ok(ctx, CalendarJson.calendar(calendar, clock)));
    router.get("/api/v1/calendar/actions/:action").handler(ctx -> {
      Action action = action(ctx.pathParam("action"));
      PhaseGate.Verdict verdict = gate.verdict(action);
      if (!verdict.allowed()) throw gate.refusal(verdict);
      Json.ok(ctx, CalendarJson.verdict(verdict, calendar.zone()));
    });
  }

  private static Action action(String name) {
    return Arrays.stream(Action.values())
        .filter(a -> a.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> Problem.notFound("UNKNOWN_ACTION",
            "No such action: " + name + ". Known: " + Arrays.toString(Action.values()),
            "ไม่รู้จักรายการ " + name));
  }
}
