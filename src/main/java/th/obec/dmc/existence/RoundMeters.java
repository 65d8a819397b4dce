package th.obec.dmc.existence;

import java.util.function.Supplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The round's meters: answers, certifications and acknowledgements as they happen, and schools by state.
 * The state counts come from one grouped query every 30 seconds, never from a scrape: ten Prometheus
 * servers scraping must not mean ten scans of the answers table.
 */
public final class RoundMeters {
  private static final Logger log = LoggerFactory.getLogger(RoundMeters.class);
  static final long REFRESH_MILLIS = 30_000;

  final Counter answers;
  final Counter certifications;
  final Counter acknowledgements;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong confirming = new AtomicLong();
  private final AtomicLong certified = new AtomicLong();

  public RoundMeters(MeterRegistry registry) {
    answers = Counter.builder("dmc.existence.answers").description("Students whose existence answer was recorded or changed")
        .register(registry);
    certifications = Counter.builder("dmc.certifications").description("Schools certified by their director")
        .register(registry);
    acknowledgements = Counter.builder("dmc.acknowledgements").description("Areas that acknowledged their schools")
        .register(registry);
    gauge(registry, "not_started", () -> Math.max(0, total.get() - confirming.get() - certified.get()));
    gauge(registry, "confirming", confirming::get);
    gauge(registry, "certified", certified::get);
    Gauge.builder("dmc.registry.schools", total, AtomicLong::get).description("Schools in the registry").register(registry);
  }

  private static void gauge(MeterRegistry registry, String state, Supplier<Number> value) {
    Gauge.builder("dmc.schools", value).description("Schools by state in the current round (refreshed every 30 s)")
        .tag("state", state).register(registry);
  }

  /** Starts the periodic refresh on the given Vert.x; the first refresh runs at once. */
  public void refreshEvery(Vertx vertx, ExistenceRepository repository, Round round) {
    Runnable refresh = () -> repository.schoolStates(round)
        .onSuccess(states -> {
          total.set(states.registry());
          confirming.set(states.confirming());
          certified.set(states.certified());
        })
        .onFailure(e -> log.warn("event=school_states_refresh_failed error={}", e.toString()));
    refresh.run();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh.run());
  }
}
