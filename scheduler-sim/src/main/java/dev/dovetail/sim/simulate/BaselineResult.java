package dev.dovetail.sim.simulate;

import java.util.List;
import java.util.Map;

/**
 * What one baseline did over the run.
 *
 * @param totalCost dollars spent on instances over the run
 * @param nodeHours hours by {@code instance-type/capacity-type}
 * @param podStartup seconds from pod creation to Running
 * @param disruptions pods evicted or deleted from nodes that were being removed
 * @param interruptions spot instances reclaimed under this baseline's nodes
 * @param samples the state over time, for the charts
 * @param decisions launches, terminations and scenario events, in time order
 */
record BaselineResult(
    String name,
    String description,
    double totalCost,
    Map<String, Double> nodeHours,
    Latency podStartup,
    int launches,
    int disruptions,
    int interruptions,
    int pendingAtEnd,
    List<Sample> samples,
    List<Decision> decisions) {

  BaselineResult {
    nodeHours = Map.copyOf(nodeHours);
    samples = List.copyOf(samples);
    decisions = List.copyOf(decisions);
  }

  /** Percentiles of pod creation to Running, in seconds; {@code count} pods ran. */
  record Latency(double p50, double p95, double max, int count) {
    static Latency of(List<Double> seconds) {
      if (seconds.isEmpty()) {
        return new Latency(0, 0, 0, 0);
      }
      double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Latency(
          percentile(sorted, 0.50),
          percentile(sorted, 0.95),
          sorted[sorted.length - 1],
          sorted.length);
    }

    private static double percentile(double[] sorted, double q) {
      int index = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /**
   * The state at one moment.
   *
   * @param second seconds since the start
   * @param costPerHour what the running instances cost per hour
   * @param nodesByType running instances by type
   * @param pendingPods pods not yet bound to a node
   * @param lowerBound the engine's bound for running every current pod on new nodes ($/h), or
   *     negative when not computed at this moment
   */
  record Sample(
      long second,
      double costPerHour,
      Map<String, Integer> nodesByType,
      int pendingPods,
      double lowerBound) {
    Sample {
      nodesByType = Map.copyOf(nodesByType);
    }
  }

  /**
   * Something that changed the bill: a launch, a termination, an interruption, a scenario event.
   */
  record Decision(long second, String kind, String detail, double costPerHourChange) {}
}
