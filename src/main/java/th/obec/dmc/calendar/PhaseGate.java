package th.obec.dmc.calendar;

import th.obec.dmc.kernel.BusinessClock;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Problem;

import java.time.Instant;

/** Says whether an action is open now, and if not, why not: every feature asks it before writing. */
public final class PhaseGate {
  public enum State { OPEN, NOT_YET_OPEN, CLOSED }

  /** The gate's answer for one action at one instant. */
  public record Verdict(Action action, Phase phase, State state, Instant now) {
    public boolean allowed() {
      return state == State.OPEN;
    }
  }

  private final RoundCalendar calendar;
  private final BusinessClock clock;

  public PhaseGate(RoundCalendar calendar, BusinessClock clock) {
    this.calendar = calendar;
    this.clock = clock;
  }

  public Verdict verdict(Action action) {
    return verdict(action, clock.now());
  }

  public Verdict verdict(Action action, Instant now) {
    Phase phase = calendar.phase(action.phaseCode()).orElseThrow(
        () -> new IllegalStateException("calendar has no phase " + action.phaseCode()));
    State state = phase.isOpenAt(now) ? State.OPEN
        : phase.notYetOpenAt(now) ? State.NOT_YET_OPEN : State.CLOSED;
    return new Verdict(action, phase, state, now);
  }

  /** Returns quietly when the action is open; throws a PHASE_CLOSED problem otherwise. For route handlers. */
  public void check(Action action) {
    Verdict verdict = verdict(action);
    if (!verdict.allowed()) throw refusal(verdict);
  }

  /** The same as a future, for a method that returns one: it fails, never throws. */
  public Future<Void> allowed(Action action) {
    Verdict verdict = verdict(action);
    return verdict.allowed() ? Future.succeededFuture() : Future.failedFuture(refusal(verdict));
  }

  /** Open when any of the actions is open; otherwise the refusal of the first. */
  public Handler<RoutingContext> requireAny(Action first, Action... others) {
    return ctx -> {
      boolean open = verdict(first).allowed();
      for (Action other : others) open |= verdict(other).allowed();
      if (!open) throw refusal(verdict(first));
      ctx.next();
    };
  }

  public Handler<RoutingContext> require(Action action) {
    return ctx -> {
      check(action);
      ctx.next();
    };
  }

  public Problem refusal(Verdict v) {
    Phase p = v.phase();
    var zone = calendar.zone();
    String windowEn = ThaiDates.english(p.start(), zone) + " - " + ThaiDates.english(p.end(), zone)
        + " (" + zone.getId() + ")";
    String windowTh = ThaiDates.thai(p.start(), zone) + " ถึง " + ThaiDates.thai(p.end(), zone);
    boolean early = v.state() == State.NOT_YET_OPEN;
    String detail = "You cannot " + v.action().nameEn() + " now: phase " + p.code() + " (step " + p.step()
        + ", " + p.nameEn() + ") is open " + windowEn + " and has "
        + (early ? "not opened yet." : "closed.");
    String detailTh = (early ? "ยังไม่สามารถ" : "ไม่สามารถ") + v.action().nameTh() + "ได้ในขณะนี้: ขั้นตอน "
        + p.step() + " " + p.nameTh() + " เปิดระหว่าง " + windowTh + " "
        + (early ? "ซึ่งยังไม่เปิด" : "ซึ่งปิดแล้ว");
    JsonObject extra = new JsonObject()
        .put("action", v.action().name())
        .put("phase", p.code())
        .put("state", v.state().name())
        .put("opensAt", CalendarJson.time(p.start(), zone))
        .put("closesAt", CalendarJson.time(p.end(), zone));
    return new Problem(409, "PHASE_CLOSED", "Phase closed", detail, detailTh, extra);
  }
}
