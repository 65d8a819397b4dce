package th.obec.dmc.kernel;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Requests answered 503 instead of being served, by what was full: ops must see shedding to act on it. */
public final class ShedMeter {
  private final Counter inFlight;
  private final Counter databaseQueue;
  private final Counter sheetsQueue;
  private final Counter hashQueue;
  private final Counter perAccount;

  public ShedMeter(MeterRegistry registry) {
    inFlight = counter(registry, "in_flight");
    databaseQueue = counter(registry, "database_queue");
    sheetsQueue = counter(registry, "sheets_queue");
    hashQueue = counter(registry, "hash_queue");
    perAccount = counter(registry, "per_account");
  }

  /** For code that runs without a registry (unit tests of one piece). */
  public static ShedMeter none() {
    return new ShedMeter(new SimpleMeterRegistry());
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("dmc.requests.shed").description("Requests answered 503 because a bound was reached")
        .tag("reason", reason).register(registry);
  }

  void inFlight() { inFlight.increment(); }
  void databaseQueue() { databaseQueue.increment(); }
  void sheetsQueue() { sheetsQueue.increment(); }
  void hashQueue() { hashQueue.increment(); }
  void perAccount() { perAccount.increment(); }
}
