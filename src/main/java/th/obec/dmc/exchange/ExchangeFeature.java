package th.obec.dmc.exchange;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Access;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.existence.Round;
import th.obec.dmc.kernel.Downloads;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;

import java.time.ZoneId;

/** The Exchange file of a closed round. */
public final class ExchangeFeature implements Feature {
  private final ExchangeRoutes routes;

  public ExchangeFeature(Pool pool, RegistryService registry, Workers workers, AuditLog audit, BusinessClock clock,
                         Round round, ZoneId zone, Downloads downloads, Access access, PhaseGate gate) {
    this.routes = new ExchangeRoutes(new ExchangeService(new ExchangeRepository(pool), registry, workers, audit, clock,
        round, zone, downloads), access, gate);
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
