package th.obec.dmc.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Uploads by kind and outcome, the rows they read and rejected, and how long they took. */
final class UploadMeters {
  private final MeterRegistry registry;

  UploadMeters(MeterRegistry registry) {
    this.registry = registry;
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
