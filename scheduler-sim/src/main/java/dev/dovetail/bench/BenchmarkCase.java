package dev.dovetail.bench;

import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import java.util.function.Supplier;

/**
 * One benchmark workload.
 *
 * @param name what the table calls it
 * @param pods how many pods it has
 * @param snapshot builds the snapshot (outside the timed region)
 * @param options how to solve it
 * @param expectedNodes the node count the case must produce, or -1 when there is no exact answer
 * @param minimumNodes a lower limit on the node count (⌊N/5⌋ for the diverse workload)
 * @param maxRatio the highest cost over lower bound the plan may have, or NaN for no check
 */
public record BenchmarkCase(
    String name,
    int pods,
    Supplier<Snapshot> snapshot,
    SolveOptions options,
    int expectedNodes,
    int minimumNodes,
    double maxRatio) {

  public BenchmarkCase(
      String name,
      int pods,
      Supplier<Snapshot> snapshot,
      SolveOptions options,
      int expectedNodes,
      int minimumNodes) {
    this(name, pods, snapshot, options, expectedNodes, minimumNodes, Double.NaN);
  }
}
