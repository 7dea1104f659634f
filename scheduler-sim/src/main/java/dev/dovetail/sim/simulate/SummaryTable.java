package dev.dovetail.sim.simulate;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The summary as a plain-text table for the terminal. */
public final class SummaryTable {
  private SummaryTable() {}

  public static String of(SimulationReport report) {
    StringBuilder s = new StringBuilder();
    double bound = report.lowerBoundCost();
    s.append(
        String.format(
            Locale.ROOT,
            "scenario %s, seed %d, %s: %s simulated in %.1f s (%.0fx real time)%n%n",
            report.scenario(),
            report.seed(),
            report.region(),
            ScenarioReader.format(report.simulated()),
            report.wall().toMillis() / 1000.0,
            report.simulated().toMillis() / (double) Math.max(1, report.wall().toMillis())));
    s.append(
        String.format(
            Locale.ROOT,
            "%-22s %10s %8s %9s %9s %9s %8s %11s %13s %8s%n",
            "BASELINE",
            "TOTAL $",
            "/BOUND",
            "NODE-H",
            "P50 s",
            "P95 s",
            "MAX s",
            "DISRUPTED",
            "INTERRUPTED",
            "PENDING"));
    for (BaselineResult b : report.baselines()) {
      double hours = b.nodeHours().values().stream().mapToDouble(Double::doubleValue).sum();
      s.append(
          String.format(
              Locale.ROOT,
              "%-22s %10.2f %8s %9.1f %9.0f %9.0f %8.0f %11d %13d %8d%n",
              b.name(),
              b.totalCost(),
              bound > 0 ? String.format(Locale.ROOT, "%.2f", b.totalCost() / bound) : "-",
              hours,
              b.podStartup().p50(),
              b.podStartup().p95(),
              b.podStartup().max(),
              b.disruptions(),
              b.interruptions(),
              b.pendingAtEnd()));
    }
    s.append(String.format(Locale.ROOT, "%-22s %10.2f%n", "lower-bound", bound));
    for (BaselineResult b : report.baselines()) {
      s.append("\n").append(b.name()).append(" node-hours:");
      for (Map.Entry<String, Double> e : new TreeMap<>(b.nodeHours()).entrySet()) {
        s.append(String.format(Locale.ROOT, " %s=%.1f", e.getKey(), e.getValue()));
      }
    }
    s.append("\n");
    return s.toString();
  }
}
