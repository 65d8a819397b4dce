package th.obec.dmc.kernel;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on the requests in flight in this process. Past it a request is answered at once with 503 and
 * Retry-After, so that on deadline day a client waits a known time and retries rather than hanging until
 * a timeout. Health, readiness and metrics are never shed: ops must see the surge.
 */
public final class AdmissionControl implements Handler<RoutingContext> {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger shed = new AtomicInteger();
  private final int max;
  private final ShedMeter meter;

  public AdmissionControl(int max, ShedMeter meter) {
    this.max = max;
    this.meter = meter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // The normalised path: "//api/..." and "/%61pi/..." reach the same routes as "/api/...", so they count too.
    String path = ctx.normalizedPath();
    if (!path.startsWith("/api/")) {
      ctx.next();
      return;
    }
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      shed.incrementAndGet();
      meter.inFlight();
      ProblemHandler.send(ctx, Problem.busy("SERVER_BUSY",
          "The server is at capacity. Try again in a few seconds; nothing was changed.",
          "ขณะนี้มีผู้ใช้งานจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่ ข้อมูลยังไม่ถูกบันทึก", 2));
      return;
    }
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int shed() {
    return shed.get();
  }
}
