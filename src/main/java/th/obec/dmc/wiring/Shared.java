package th.obec.dmc.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.audit.DisclosureBudget;
import th.obec.dmc.auth.Access;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.infra.Infra;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.Specs;

/**
 * What every feature of the round shares, made once by the composition root and handed whole to each: the
 * infrastructure ({@link Infra}), the round's calendar, the access rules and the phase gate, the audit log and the
 * daily disclosure budget, and the registry.
 */
public record Shared(Infra infra, RoundCalendar calendar, Access access, PhaseGate gate, AuditLog audit,
                     DisclosureBudget disclosures, RegistryService registry) {
  public Vertx vertx() { return infra.vertx(); }
  public Pool pool() { return infra.pool(); }
  public Pool reportPool() { return infra.reportPool(); }
  public Workers workers() { return infra.workers(); }
  public BusinessClock clock() { return infra.clock(); }
  public MeterRegistry meters() { return infra.meters(); }
  public Specs specs() { return infra.specs(); }
}
