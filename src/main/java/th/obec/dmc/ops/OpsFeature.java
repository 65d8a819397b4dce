package th.obec.dmc.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.kernel.Feature;

/** Health, readiness and metrics, and the event-loop lag meter. */
public final class OpsFeature implements Feature {
  private final HealthRoutes health;
  private final boolean metricsOnMainPort;

  public OpsFeature(Vertx vertx, Pool pool, String schemaVersion, PrometheusMeterRegistry metrics,
                    boolean metricsOnMainPort) {
    this.health = new HealthRoutes(new ReadinessRepository(pool), schemaVersion, metrics);
    this.metricsOnMainPort = metricsOnMainPort;
    EventLoopLag.start(vertx, metrics);
  }

  /** A management router with {@code /metrics} and {@code /health} only. */
  public Router managementRouter(Vertx vertx) {
    Router router = Router.router(vertx);
    health.mountMetrics(router);
    health.mountHealth(router);
    return router;
  }

  @Override
  public void mount(Router router) {
    health.mount(router, metricsOnMainPort);
  }
}
