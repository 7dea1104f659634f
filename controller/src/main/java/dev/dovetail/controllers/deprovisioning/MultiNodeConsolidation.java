package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.Resources;
import dev.dovetail.snapshot.PodRequests;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Removes several nodes in one command, among the first {@link #MAX_CANDIDATES} candidates, within
 * {@link #TIMEOUT}.
 *
 * <p>{@link Strategy#PREFIX} is upstream's: binary-search the longest prefix (by disruption cost,
 * at least two nodes) that can be deleted or replaced by one cheaper node. {@link Strategy#COST}
 * (the default) looks for the command with the largest $/h saving instead: it grows a set of
 * candidates in order of wasted dollars (price × unused share), in doubling batches while they keep
 * the set a valid command under the same rules (simulation, price rules, no more new nodes than
 * nodes removed) and one at a time after a miss, skipping candidates that break it; it returns the
 * best set of two or more and of the prefix search, so it never saves less than upstream.
 */
final class MultiNodeConsolidation implements Method {
  static final int MAX_CANDIDATES = 100;
  static final Duration TIMEOUT = Duration.ofMinutes(1);
  static final String REASON = "Underutilized";

  /** How the set of nodes to remove is chosen. */
  public enum Strategy {
    /** Upstream's longest-prefix binary search. */
    PREFIX,
    /** The largest $/h saving found, never less than {@link #PREFIX}. */
    COST
  }

  private final Strategy strategy;
  private final DeprovisioningMetrics metrics;

  MultiNodeConsolidation(Strategy strategy, DeprovisioningMetrics metrics) {
    this.strategy = strategy;
    this.metrics = metrics;
  }

  @Override
  public String reasonName() {
    return "consolidation";
  }

  @Override
  public String methodName() {
    return "multi-machine consolidation";
  }

  @Override
  public String budgetReason() {
    return REASON;
  }

  @Override
  public boolean validates() {
    return true;
  }

  @Override
  public Optional<Command> compute(Evaluation evaluation) {
    List<CandidateNode> candidates = evaluation.budgets().cut(evaluation.consolidatable(), REASON);
    if (candidates.size() > MAX_CANDIDATES) {
      candidates = candidates.subList(0, MAX_CANDIDATES);
    }
    if (candidates.size() < 2) {
      return Optional.empty();
    }
    Instant deadline = evaluation.clock().instant().plus(TIMEOUT);
    Optional<Command> prefix = prefix(evaluation, candidates, deadline);
    if (strategy == Strategy.PREFIX) {
      return prefix;
    }
    // No command saves more than its candidates cost: a prefix that already saves what all of them
    // cost (deleting every one) cannot be beaten, and the cost search would return it anyway.
    if (prefix.isPresent() && prefix.get().savingPerHour() >= Command.priceOf(candidates) - 1e-9) {
      return prefix;
    }
    Optional<Command> cost = byCost(evaluation, candidates, deadline);
    if (prefix.isPresent()
        && (cost.isEmpty() || prefix.get().savingPerHour() >= cost.get().savingPerHour() - 1e-9)) {
      return prefix;
    }
    return cost;
  }

  private Optional<Command> prefix(
      Evaluation evaluation, List<CandidateNode> candidates, Instant deadline) {
    int lo = 1;
    int hi = candidates.size() - 1;
    Optional<Command> last = Optional.empty();
    while (lo <= hi) {
      if (evaluation.clock().instant().isAfter(deadline)) {
        metrics.timedOut("multi-machine");
        return last;
      }
      int mid = (lo + hi) / 2;
      Optional<Command> command = consolidate(evaluation, candidates.subList(0, mid + 1), 1);
      if (command.isPresent()) {
        last = command;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return last;
  }

  private Optional<Command> byCost(
      Evaluation evaluation, List<CandidateNode> candidates, Instant deadline) {
    Map<CandidateNode, Double> waste = new IdentityHashMap<>();
    candidates.forEach(c -> waste.put(c, wasted(c, evaluation::requestsOf)));
    List<CandidateNode> order = new ArrayList<>(candidates);
    order.sort(
        Comparator.comparingDouble((CandidateNode c) -> -waste.get(c))
            .thenComparingDouble(CandidateNode::disruptionCost)
            .thenComparing(CandidateNode::name));
    List<CandidateNode> set = new ArrayList<>();
    Optional<Command> best = Optional.empty();
    // Candidates join in growing batches while whole batches fit, one at a time after a miss, so a
    // uniform cluster takes a logarithmic number of simulations and a mixed one stays exact.
    int batch = 1;
    int next = 0;
    while (next < order.size()) {
      if (evaluation.clock().instant().isAfter(deadline)) {
        metrics.timedOut("multi-machine");
        break;
      }
      int end = Math.min(order.size(), next + batch);
      List<CandidateNode> trial = new ArrayList<>(set);
      trial.addAll(order.subList(next, end));
      Optional<Command> command = consolidate(evaluation, trial, trial.size());
      if (command.isEmpty()) {
        if (batch > 1) {
          batch = 1;
        } else {
          next++;
        }
        continue;
      }
      set = trial;
      next = end;
      batch *= 2;
      if (trial.size() >= 2
          && (best.isEmpty()
              || command.get().savingPerHour() > best.get().savingPerHour() + 1e-9)) {
        best = command;
      }
    }
    return best;
  }

  /** The command removing {@code nodes}, asking the engine only if their pods might move. */
  private Optional<Command> consolidate(
      Evaluation evaluation, List<CandidateNode> nodes, int maxNewNodes) {
    if (!evaluation.moveBound().mayMove(nodes, maxNewNodes)) {
      return Optional.empty();
    }
    return Consolidation.compute(evaluation, this, nodes, maxNewNodes, true, false);
  }

  @Override
  public Optional<Command> recompute(Evaluation evaluation, List<CandidateNode> nodes) {
    int maxNew = strategy == Strategy.PREFIX ? 1 : nodes.size();
    return Consolidation.compute(evaluation, this, nodes, maxNew, true, false);
  }

  /** The node's price times the share of it its pods leave unused (CPU or memory, the larger). */
  static double wasted(CandidateNode c, Function<Pod, Resources> requests) {
    return c.pricePerHour() * (1 - utilization(c, requests));
  }

  static double utilization(CandidateNode c, Function<Pod, Resources> requests) {
    var allocatable = c.node().getStatus() == null ? null : c.node().getStatus().getAllocatable();
    if (allocatable == null) {
      return 0;
    }
    Resources capacity;
    long cpu = 0;
    long memory = 0;
    try {
      capacity = PodRequests.resources(allocatable);
      for (Pod p : c.pods()) {
        Resources r = requests.apply(p);
        cpu += r.cpuMillis();
        memory += r.memoryBytes();
      }
    } catch (IllegalArgumentException unreadable) {
      return 1; // the simulation reports the quantity it cannot read
    }
    double cpuShare = allocatable.containsKey("cpu") ? share(cpu, capacity.cpuMillis()) : 0;
    double memoryShare =
        allocatable.containsKey("memory") ? share(memory, capacity.memoryBytes()) : 0;
    return Math.min(1, Math.max(cpuShare, memoryShare));
  }

  private static double share(long used, long capacity) {
    return capacity <= 0 ? 1 : (double) used / capacity;
  }
}
