package th.obec.dmc.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * How long the database has not taken writes, as this node sees it: once a second it asks the primary pool's
 * database whether it is a leader. During a failover this climbs from 0 until the new leader answers behind
 * HAProxy's write port; the alert DmcDatabaseNotWritable fires past 10 s.
 */
final class WritableProbe {
  static final long PERIOD_MILLIS = 1_000;

  private volatile long lastWritableNanos = System.nanoTime();

  static void start(Vertx vertx, ReadinessRepository database, MeterRegistry metrics) {
    WritableProbe probe = new WritableProbe();
    Gauge.builder("dmc_db_seconds_since_writable", probe, WritableProbe::secondsSinceWritable)
        .description("Seconds since the database last answered that it takes writes (0 while it does)")
        .register(metrics);
    vertx.setPeriodic(PERIOD_MILLIS, id -> database.writable()
        .onSuccess(writable -> {
          if (writable) probe.lastWritableNanos = System.nanoTime();
        }));
  }

  private double secondsSinceWritable() {
    double seconds = (System.nanoTime() - lastWritableNanos) / 1e9;
    // Within two probes of the last success the database is taken to be writable.
    return seconds < 2.0 * PERIOD_MILLIS / 1000 ? 0 : seconds;
  }
}
