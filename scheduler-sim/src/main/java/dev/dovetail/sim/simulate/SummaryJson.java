package dev.dovetail.sim.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dovetail.manifest.Mappers;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a simulation as JSON for scripts ({@code --output json}): every figure of the
 * report's summary table, rounded so that the same seed prints the same bytes. Wall time is left
 * out for the same reason.
 */
public final class SummaryJson {
  private SummaryJson() {}

  public static String of(SimulationReport report) {
    ObjectNode root = Mappers.json().createObjectNode();
    root.put("scenario", report.scenario());
    root.put("seed", report.seed());
    root.put("region", report.region());
    root.put("durationHours", round(report.duration().toSeconds() / 3600.0, 3));
    root.put("simulatedHours", round(report.simulated().toSeconds() / 3600.0, 3));
    double bound = report.lowerBoundCost();
    root.putObject("lowerBound").put("totalCost", round(bound, 4));
    ArrayNode baselines = root.putArray("baselines");
    for (BaselineResult b : report.baselines()) {
      ObjectNode n = baselines.addObject();
      n.put("name", b.name());
      n.put("description", b.description());
      n.put("totalCost", round(b.totalCost(), 4));
      if (bound > 0) {
        n.put("costOverLowerBound", round(b.totalCost() / bound, 3));
      }
      ObjectNode hours = n.putObject("nodeHours");
      for (Map.Entry<String, Double> e : new TreeMap<>(b.nodeHours()).entrySet()) {
        hours.put(e.getKey(), round(e.getValue(), 3));
      }
      ObjectNode startup = n.putObject("podStartupSeconds");
      startup.put("p50", round(b.podStartup().p50(), 1));
      startup.put("p95", round(b.podStartup().p95(), 1));
      startup.put("max", round(b.podStartup().max(), 1));
      startup.put("pods", b.podStartup().count());
      n.put("launches", b.launches());
      n.put("disruptions", b.disruptions());
      n.put("interruptions", b.interruptions());
      n.put("pendingAtEnd", b.pendingAtEnd());
    }
    try {
      return Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the summary", e);
    }
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
