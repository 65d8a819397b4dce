package th.obec.dmc.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.audit.DisclosureBudget;
import th.obec.dmc.auth.Access;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.Specs;

/**
 * What every feature of the round shares, made once by the composition root and handed whole to each: the
 * event loops, the database pool, the bounded worker pools, the business clock and the round's calendar, the
 * access rules and the phase gate, the audit log and the daily disclosure budget, the registry, the workbook specs
 * and the meters.
 */
public record Shared(Vertx vertx, Pool pool, Pool reportPool, Workers workers, BusinessClock clock,
                     RoundCalendar calendar, Access access, PhaseGate gate, AuditLog audit, DisclosureBudget disclosures,
                     RegistryService registry, Specs specs, MeterRegistry meters) {}
