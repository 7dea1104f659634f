package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.disruption.DisruptionBudgets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the disruption budgets of each Provisioner still allow in one pass: the smallest active
 * allowance for the reason, minus the nodes already being disrupted.
 */
final class Budgets {
  private final Map<String, DisruptionBudgets> budgets;
  private final Map<String, Integer> totals;
  private final Map<String, Integer> disrupting;
  private final Instant now;

  /**
   * @param totals each Provisioner's node count
   * @param disrupting each Provisioner's nodes being deleted or in a running command
   */
  Budgets(
      Map<String, DisruptionBudgets> budgets,
      Map<String, Integer> totals,
      Map<String, Integer> disrupting,
      Instant now) {
    this.budgets = Map.copyOf(budgets);
    this.totals = Map.copyOf(totals);
    this.disrupting = Map.copyOf(disrupting);
    this.now = now;
  }

  /** How many more of the Provisioner's nodes may be disrupted for {@code reason}. */
  int remaining(String provisioner, String reason) {
    DisruptionBudgets b = budgets.getOrDefault(provisioner, DisruptionBudgets.NONE);
    int allowed = b.allowed(reason, totals.getOrDefault(provisioner, 0), now);
    if (allowed == Integer.MAX_VALUE) {
      return allowed;
    }
    return Math.max(0, allowed - disrupting.getOrDefault(provisioner, 0));
  }

  /** Whether every Provisioner has room for its share of {@code candidates}. */
  boolean fits(List<CandidateNode> candidates, String reason) {
    Map<String, Integer> counts = new HashMap<>();
    for (CandidateNode c : candidates) {
      int n = counts.merge(c.provisionerName(), 1, Integer::sum);
      if (n > remaining(c.provisionerName(), reason)) {
        return false;
      }
    }
    return true;
  }

  /** The longest prefix of {@code candidates} (in order, skipping those over budget) that fits. */
  List<CandidateNode> cut(List<CandidateNode> candidates, String reason) {
    Map<String, Integer> counts = new HashMap<>();
    return candidates.stream()
        .filter(
            c ->
                counts.merge(c.provisionerName(), 1, Integer::sum)
                    <= remaining(c.provisionerName(), reason))
        .toList();
  }

  /** Whether a budget has a schedule, so what it allows changes with the time of day. */
  boolean scheduled() {
    return budgets.values().stream()
        .flatMap(b -> b.budgets().stream())
        .anyMatch(b -> b.schedule().isPresent());
  }
}
