package dev.dovetail.plan;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a {@link PlanReport} as a human-readable table. */
public final class PlanTable {
  private PlanTable() {}

  public static void print(PlanReport r, PrintWriter out) {
    out.printf(Locale.ROOT, "== %s (region %s, catalog %s)%n", r.source(), r.region(), r.catalog());
    int placed = r.pods() - r.unschedulable().size();
    int onExisting = r.existingNodes().stream().mapToInt(e -> e.pods().size()).sum();
    String where =
        r.existingNodes().isEmpty()
            ? String.format(Locale.ROOT, "placed on %d new node(s)", r.nodes().size())
            : String.format(
                Locale.ROOT,
                "placed, %d on %d existing node(s) and %d on %d new node(s)",
                onExisting,
                r.existingNodes().size(),
                placed - onExisting,
                r.nodes().size());
    out.printf(
        Locale.ROOT,
        "%d pod(s), %d %s: $%.4f/h; lower bound $%.4f/h (ratio %.3f);"
            + " first-fit-decreasing $%.4f/h on %d node(s); packing %s%n",
        r.pods(),
        placed,
        where,
        r.costPerHour(),
        r.lowerBound(),
        r.boundRatio(),
        r.firstFitCostPerHour(),
        r.firstFitNodes(),
        r.packing());
    if (!r.nodes().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  %-3s %-14s %-14s %9s  %-10s %-36s %4s  %s%n",
          "#",
          "provisioner",
          "type",
          "$/h",
          "capacity",
          "zones",
          "pods",
          "other candidates");
      int i = 1;
      for (PlanReport.NodeReport n : r.nodes()) {
        out.printf(
            Locale.ROOT,
            "  %-3d %-14s %-14s %9.4f  %-10s %-36s %4d  %s%n",
            i++,
            n.provisioner(),
            n.instanceType(),
            n.pricePerHour(),
            String.join("/", n.capacityTypes()),
            String.join(",", n.zones()),
            n.pods().size(),
            others(n.candidates()));
        out.println("      pods: " + String.join(", ", n.pods()));
        out.println("      why: " + n.explanation());
        List<String> shown =
            n.requirements().stream()
                .filter(req -> !req.startsWith(INSTANCE_TYPE_KEY + " "))
                .toList();
        if (!shown.isEmpty()) {
          out.println("      requires: " + String.join("; ", shown));
        }
      }
    }
    for (PlanReport.ExistingNodeReport e : r.existingNodes()) {
      out.println("  existing node " + e.node() + ": " + String.join(", ", e.pods()));
    }
    if (!r.unschedulable().isEmpty()) {
      out.println("unschedulable:");
      for (PlanReport.UnschedulableReport u : r.unschedulable()) {
        out.println("  " + u.pod() + ": " + u.reason());
      }
    }
    for (String w : r.warnings()) {
      out.println("warning: " + w);
    }
    out.println();
  }

  private static final String INSTANCE_TYPE_KEY =
      dev.dovetail.scheduling.WellKnownLabels.INSTANCE_TYPE;

  private static String others(List<PlanReport.CandidateReport> candidates) {
    if (candidates.size() <= 1) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(4, candidates.size());
    for (int i = 1; i < shown; i++) {
      PlanReport.CandidateReport c = candidates.get(i);
      sb.append(i == 1 ? "" : ", ")
          .append(c.instanceType())
          .append(String.format(Locale.ROOT, " %.4f", c.pricePerHour()));
    }
    if (candidates.size() > shown) {
      sb.append(" (+").append(candidates.size() - shown).append(" more)");
    }
    return sb.toString();
  }
}
