package th.obec.dmc.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.ProblemHandler;

/**
 * {@code /health}: the process answers. {@code /ready}: PostgreSQL answers and holds the schema this
 * build migrated to, so a load balancer sends traffic only to nodes that can serve it.
 * {@code /metrics}: Prometheus text.
 */
public final class HealthRoutes {
  /** How long one database check answers every {@code /ready}: a flood of probes costs one query a second. */
  static final long READY_CACHE_NANOS = 1_000_000_000L;

  private final ReadinessRepository readiness;
  private final String expectedSchema;
  private final PrometheusMeterRegistry metrics;
  private final Counter checks;
  private volatile Future<String> lastCheck;
  private volatile long lastCheckAt;

  public HealthRoutes(ReadinessRepository readiness, String expectedSchema, PrometheusMeterRegistry metrics) {
    this.readiness = readiness;
    this.expectedSchema = expectedSchema;
    this.metrics = metrics;
    this.checks = Counter.builder("dmc_ready_checks")
        .description("Database checks run for /ready (at most one a second; the rest are answered from it)")
        .register(metrics);
  }

  /**
   * The schema version, asked of the database at most once a second. {@code /ready} is outside admission
   * control (a balancer must reach it when the node is busy), so it must not take a pooled connection per call.
   * Two event loops may both start a check at the turn of a second; that is harmless.
   */
  private Future<String> schemaVersion() {
    long now = System.nanoTime();
    Future<String> last = lastCheck;
    if (last != null && now - lastCheckAt < READY_CACHE_NANOS) return last;
    checks.increment();
    Future<String> check = readiness.schemaVersion();
    lastCheckAt = now;
    lastCheck = check;
    return check;
  }

  /** {@code /metrics} alone, for a management port that the public load balancer does not expose. */
  public void mountMetrics(Router router) {
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
  }

  public void mountHealth(Router router) {
    router.get("/health").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "UP")));
  }

  /** Health and readiness, and the metrics unless they have a port of their own. */
  public void mount(Router router, boolean withMetrics) {
    mountHealth(router);

    router.get("/ready").handler(ctx -> schemaVersion()
        .onSuccess(version -> {
          if (expectedSchema.equals(version)) {
            Json.ok(ctx, new JsonObject().put("status", "READY").put("schema", version));
          } else {
            ProblemHandler.send(ctx, new Problem(503, "NOT_MIGRATED", "Not ready",
                "The database schema is at version '" + version + "', this build needs " + expectedSchema + ".",
                "โครงสร้างฐานข้อมูลยังไม่เป็นรุ่นที่ระบบต้องการ"));
          }
        })
        .onFailure(e -> ProblemHandler.send(ctx, new Problem(503, "DATABASE_UNAVAILABLE", "Not ready",
            "The database does not answer.", "ติดต่อฐานข้อมูลไม่ได้"))));

    if (withMetrics) mountMetrics(router);
  }
}
