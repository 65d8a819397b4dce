package th.obec.dmc.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import th.obec.dmc.kernel.Feature;

/** Health, readiness and metrics, and the event-loop lag meter. */
public final class OpsFeature implements Feature {
  private static final String CONTRACT = "openapi/openapi.json";

  private final HealthRoutes health;
  private final boolean metricsOnMainPort;
  private final String contract;

  public OpsFeature(Vertx vertx, Pool pool, String schemaVersion, PrometheusMeterRegistry metrics,
                    boolean metricsOnMainPort, String contract) {
    ReadinessRepository database = new ReadinessRepository(pool);
    this.health = new HealthRoutes(database, schemaVersion, metrics);
    this.metricsOnMainPort = metricsOnMainPort;
    this.contract = contract;
    EventLoopLag.start(vertx, metrics);
    WritableProbe.start(vertx, database, metrics);
  }

  /** The API contract shipped in the jar. Blocking: read it before serving. */
  public static String loadContract() throws IOException {
    try (var in = OpsFeature.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      if (in == null) throw new IllegalStateException("missing " + CONTRACT);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
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
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=300")
        .end(contract));
  }
}
