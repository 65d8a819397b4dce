package th.obec.dmc.exchange;

import io.vertx.ext.web.Router;
import th.obec.dmc.existence.Round;
import th.obec.dmc.kernel.Downloads;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.wiring.Shared;

/** The Exchange file of a closed round. */
public final class ExchangeFeature implements Feature {
  private final ExchangeRoutes routes;

  public ExchangeFeature(Shared shared, Downloads downloads) {
    this.routes = new ExchangeRoutes(new ExchangeService(new ExchangeRepository(shared.reportPool()), shared.registry(),
        shared.workers(), shared.audit(), shared.clock(), Round.of(shared.calendar()), shared.calendar().zone(),
        downloads), shared.access(), shared.gate());
  }

  @Override
  public void mount(Router router) {
    routes.mount(router);
  }
}
