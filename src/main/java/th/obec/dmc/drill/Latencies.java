package th.obec.dmc.drill;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Arrays;
import java.util.Collection;

/**
 * Request latencies in microseconds of one drill thread: no lock on the hot path; every thread's log is
 * registered once and merged for the percentiles at the end.
 */
final class Latencies {
  private static final ThreadLocal<Map<String, Latencies>> OWN =
      ThreadLocal.withInitial(HashMap::new);

  private long[] values = new long[1 << 12];
  private int count;

  private Latencies() {}

  /** This thread's log of one kind of request, registered in {@code all} under that kind the first time. */
  static Latencies mine(Map<String, Collection<Latencies>> all, String kind) {
    return OWN.get().computeIfAbsent(kind, k -> {
      Latencies own = new Latencies();
      all.computeIfAbsent(k, x -> new ConcurrentLinkedQueue<>()).add(own);
      return own;
    });
  }

  synchronized void add(long micros) {
    if (count == values.length) values = Arrays.copyOf(values, count * 2);
    values[count++] = micros;
  }

  static long count(Collection<Latencies> all) {
    long n = 0;
    for (Latencies l : all) {
      synchronized (l) {
        n += l.count;
      }
    }
    return n;
  }

  /** The p-th percentiles, in milliseconds, of every thread's latencies. */
  static double[] percentiles(Collection<Latencies> all, double... ps) {
    long[] merged = new long[0];
    for (Latencies l : all) {
      synchronized (l) {
        int at = merged.length;
        merged = Arrays.copyOf(merged, at + l.count);
        System.arraycopy(l.values, 0, merged, at, l.count);
      }
    }
    Arrays.sort(merged);
    double[] out = new double[ps.length];
    for (int i = 0; i < ps.length; i++) {
      int index = Math.max(0, Math.min(merged.length - 1, (int) Math.ceil(ps[i] / 100 * merged.length) - 1));
      out[i] = merged.length == 0 ? 0 : merged[index] / 1000.0;
    }
    return out;
  }
}
