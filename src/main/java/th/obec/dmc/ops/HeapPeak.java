package th.obec.dmc.ops;

import java.lang.management.MemoryType;
import java.util.HashSet;
import java.util.Set;
import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The true high-water mark of used heap: the total in use at one moment, never a sum of each pool's
 * own peak (those peaks happen at different moments, and their sum once read more than the heap can
 * hold). Heap use is highest just before a collection, so every collector's notification gives the
 * total it found then; a reading of the current total at each scrape covers the time between.
 */
final class HeapPeak implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong();
  private final List<Runnable> removals = new ArrayList<>();

  HeapPeak() {
    NotificationListener listener = (notification, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) return;
      var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long before = 0;
      for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
        if (isHeap(pool.getKey())) before += pool.getValue().getUsed();
      }
      observe(before);
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        removals.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (Exception ignored) {
            // already gone
          }
        });
      }
    }
  }

  private static final Set<String> HEAP_POOLS = heapPools();

  private static Set<String> heapPools() {
    Set<String> names = new HashSet<>();
    ManagementFactory.getMemoryPoolMXBeans().forEach(p -> {
      if (p.getType() == MemoryType.HEAP) names.add(p.getName());
    });
    return names;
  }

  private static boolean isHeap(String pool) {
    return HEAP_POOLS.contains(pool);
  }

  private void observe(long used) {
    peak.accumulateAndGet(used, Math::max);
  }

  /** The highest total seen so far, including the heap in use right now. */
  double bytes() {
    observe(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    return peak.get();
  }

  @Override
  public void close() {
    removals.forEach(Runnable::run);
  }
}
