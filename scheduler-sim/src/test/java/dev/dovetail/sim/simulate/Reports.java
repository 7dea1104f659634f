package dev.dovetail.sim.simulate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small hand-made simulation report for the report tests. */
final class Reports {
  private Reports() {}

  static SimulationReport sample() {
    BaselineResult dovetail =
        new BaselineResult(
            "dovetail",
            "Dovetail <cost-aware> & friends",
            1.25,
            Map.of("m5.large/spot", 10.0, "c5.large/on-demand", 2.5),
            new BaselineResult.Latency(50, 60, 70, 12),
            3,
            2,
            1,
            0,
            List.of(
                new BaselineResult.Sample(0, 0, Map.of(), 4, 0.05),
                new BaselineResult.Sample(1800, 0.10, Map.of("m5.large", 2), 0, -1),
                new BaselineResult.Sample(
                    3600, 0.12, Map.of("m5.large", 2, "c5.large", 1), 0, 0.08)),
            List.of(
                new BaselineResult.Decision(0, "scenario", "scale Deployment default/web to 4", 0),
                new BaselineResult.Decision(
                    60, "launch", "m5.large spot in us-west-2a $0.0400/h", 0.04),
                new BaselineResult.Decision(
                    1900, "interruption", "m5.large spot in us-west-2a", -0.04)));
    BaselineResult ca =
        new BaselineResult(
            "cluster-autoscaler",
            "Cluster Autoscaler-like",
            2.5,
            Map.of("m5.xlarge/on-demand", 12.0),
            new BaselineResult.Latency(50, 50, 50, 12),
            2,
            0,
            0,
            3,
            List.of(
                new BaselineResult.Sample(0, 0.2, Map.of("m5.xlarge", 1), 4, -1),
                new BaselineResult.Sample(3600, 0.2, Map.of("m5.xlarge", 1), 3, -1)),
            List.of(
                new BaselineResult.Decision(10, "launch", "m5.xlarge on-demand (scale-up)", 0.2)));
    return new SimulationReport(
        "demo <day>",
        7,
        "us-west-2",
        Duration.ofHours(1),
        Duration.ofHours(1),
        Duration.ofSeconds(3),
        List.of(dovetail, ca));
  }
}
