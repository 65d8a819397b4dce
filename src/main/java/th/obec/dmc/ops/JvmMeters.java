package th.obec.dmc.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;


/**
 * JVM and process meters, plus the heap's high-water mark: the figure that says whether a large
 * upload or report fits the heap it was given, which a 15-second scrape of the current heap misses.
 */
public final class JvmMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final HeapPeak heapPeak = new HeapPeak();

  public JvmMeters(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    Gauge.builder("dmc.jvm.heap.peak", heapPeak, HeapPeak::bytes)
        .description("Highest total heap in use at one moment since the process started")
        .baseUnit("bytes")
        .register(registry);
  }

  @Override
  public void close() {
    gc.close();
    heapPeak.close();
  }
}
