package th.obec.dmc.infra;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.Specs;

/**
 * The plain infrastructure every feature is built on, accounts and sessions included: the event loops, the
 * database pools (the report pool is the write pool when no replica is configured), the bounded worker pools, the
 * business clock, the meters and the workbook specs. Below every feature, so that auth takes it too.
 */
public record Infra(Vertx vertx, Pool pool, Pool reportPool, Workers workers, BusinessClock clock,
                    MeterRegistry meters, Specs specs) {}
