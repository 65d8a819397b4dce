package th.obec.dmc.upload;

import java.util.Collection;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Uploads by kind and outcome, the rows they read and rejected, and how long they took. */
final class UploadMeters {
  /** Every way an upload ends: committed, a dry run validated, rows rejected, the file refused, or a failure. */
  static final List<String> OUTCOMES = List.of("committed", "validated", "rejected", "refused", "failed");

  private final MeterRegistry registry;

  /** Every kind and outcome is registered at zero, so dashboards and alerts read 0, not "No data", before the first upload. */
  UploadMeters(MeterRegistry registry, Collection<String> kinds) {
    this.registry = registry;
    for (String kind : kinds) {
      for (String outcome : OUTCOMES) {
        Counter.builder("dmc.uploads").description("Uploads by kind and outcome")
            .tag("kind", kind).tag("outcome", outcome).register(registry);
      }
      Counter.builder("dmc.upload.rows.read").description("Data rows read from uploaded workbooks")
          .tag("kind", kind).register(registry);
      Counter.builder("dmc.upload.rows.rejected").description("Rows with at least one error")
          .tag("kind", kind).register(registry);
    }
  }

  void finished(String kind, String outcome, int rowsRead, int rowsRejected, Duration took) {
    Counter.builder("dmc.uploads").description("Uploads by kind and outcome")
        .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
    Counter.builder("dmc.upload.rows.read").description("Data rows read from uploaded workbooks")
        .tag("kind", kind).register(registry).increment(rowsRead);
    Counter.builder("dmc.upload.rows.rejected").description("Rows with at least one error")
        .tag("kind", kind).register(registry).increment(rowsRejected);
    Timer.builder("dmc.upload.processing").description("Reading, checking and committing an upload")
        .tag("kind", kind).publishPercentileHistogram().register(registry).record(took);
  }
}
