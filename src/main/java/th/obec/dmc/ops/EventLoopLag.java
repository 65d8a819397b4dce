package th.obec.dmc.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How late a timer on an event loop fires: a blocked or saturated loop shows here in seconds, which the
 * blocked-thread warning in the log cannot put on a dashboard.
 */
public final class EventLoopLag {
  private static final long PERIOD_MILLIS = 200;

  private EventLoopLag() {}

  public static void start(Vertx vertx, MeterRegistry registry) {
    AtomicLong lagNanos = new AtomicLong();
    AtomicLong expected = new AtomicLong(System.nanoTime() + PERIOD_MILLIS * 1_000_000);
    vertx.setPeriodic(PERIOD_MILLIS, id -> {
      long now = System.nanoTime();
      lagNanos.set(Math.max(0, now - expected.get()));
      expected.set(now + PERIOD_MILLIS * 1_000_000);
    });
    Gauge.builder("dmc.event.loop.lag", lagNanos, n -> n.get() / 1e9).baseUnit("seconds")
        .description("Delay of a 200 ms timer on an event loop").register(registry);
  }
}
