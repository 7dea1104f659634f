package dev.dovetail.scheduling;

import java.util.List;

/**
 * The engine's answer for one snapshot: where each pending pod is expected to land and which new
 * nodes to launch.
 *
 * @param newNodes nodes to launch, each with its candidate types in price order
 * @param existingNodes pods expected to land on existing or in-flight nodes
 * @param unschedulable pods that fit nowhere, each with a reason
 * @param costPerHour the summed price of the cheapest candidate of every new node
 * @param lowerBound a cost no plan for the same scheduled pods can beat (see {@link LowerBound});
 *     NaN when the solve skipped it ({@link SolveOptions#lowerBound})
 * @param packing which packing produced this plan ({@code cost-aware} or {@code
 *     first-fit-decreasing})
 * @param firstFitCostPerHour what plain first-fit-decreasing would cost, for comparison
 * @param firstFitNodes how many nodes plain first-fit-decreasing would launch
 */
public record Plan(
    List<PlannedNode> newNodes,
    List<NodeAssignment> existingNodes,
    List<UnschedulablePod> unschedulable,
    double costPerHour,
    double lowerBound,
    String packing,
    double firstFitCostPerHour,
    int firstFitNodes) {

  public Plan {
    newNodes = List.copyOf(newNodes);
    existingNodes = List.copyOf(existingNodes);
    unschedulable = List.copyOf(unschedulable);
  }

  /** Plan cost over the lower bound; 1 means provably optimal, NaN when the bound is zero. */
  public double boundRatio() {
    if (lowerBound <= 0) {
      return costPerHour == 0 ? 1 : Double.NaN;
    }
    return costPerHour / lowerBound;
  }

  /** How many pods the plan places, on existing and new nodes. */
  public int scheduledPods() {
    int n = 0;
    for (PlannedNode node : newNodes) {
      n += node.pods().size();
    }
    for (NodeAssignment a : existingNodes) {
      n += a.pods().size();
    }
    return n;
  }
}
