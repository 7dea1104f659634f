package dev.dovetail.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Wall-clock and CPU time of the current thread since {@link #start()}, in milliseconds: what a
 * benchmark round measures (wall time is the figure users see; CPU time is steadier on a loaded
 * machine).
 */
final class Stopwatch {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long wallStart = System.nanoTime();
  private final long cpuStart = THREADS.getCurrentThreadCpuTime();

  private Stopwatch() {}

  static Stopwatch start() {
    return new Stopwatch();
  }

  double wallMillis() {
    return (System.nanoTime() - wallStart) / 1e6;
  }

  double cpuMillis() {
    return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
