package dev.dovetail.sim.simulate;

import java.time.Duration;
import java.util.List;

/**
 * Every baseline's result for one scenario.
 *
 * @param simulated how much of the scenario ran (less than its duration after Ctrl-C)
 * @param wall how long the run took on the wall clock
 */
public record SimulationReport(
    String scenario,
    long seed,
    String region,
    Duration duration,
    Duration simulated,
    Duration wall,
    List<BaselineResult> baselines) {

  public SimulationReport {
    baselines = List.copyOf(baselines);
  }

  /** The lower bound samples (from the Dovetail run) as $/h by second, for charts and ratios. */
  List<BaselineResult.Sample> boundSamples() {
    return baselines.isEmpty()
        ? List.of()
        : baselines.get(0).samples().stream().filter(s -> s.lowerBound() >= 0).toList();
  }

  /** Dollars the lower bound would have cost over the run, stepped between its samples. */
  double lowerBoundCost() {
    List<BaselineResult.Sample> bound = boundSamples();
    double dollars = 0;
    for (int i = 0; i < bound.size(); i++) {
      long from = bound.get(i).second();
      long to = i + 1 < bound.size() ? bound.get(i + 1).second() : simulated.toSeconds();
      dollars += bound.get(i).lowerBound() * Math.max(0, to - from) / 3600.0;
    }
    return dollars;
  }
}
