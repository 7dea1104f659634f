package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.controllers.provisioning.ClusterSnapshot;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.NodeAssignment;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.UnschedulablePod;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.solver.Scheduler;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the engine where the candidates' pods would go: the same {@link Scheduler#solve} the
 * provisioner uses, over the pass's snapshot without the candidates, with their pods added to the
 * pending pods (which already include the pods of nodes being deleted). Every candidate pod must
 * land on an initialized node or on a new one.
 *
 * <p>The base is fixed for the pass and the engine is deterministic and independent of the order
 * its pods arrive in, so a set of candidates simulated once (the prefix search, the cost search and
 * single-node consolidation try many of the same sets) is answered from memory. The solves share
 * one {@link Scheduler.Session}, kept across passes by the {@link PlanMemo}, so node pools are
 * compiled once.
 */
final class Simulation {
  private final ClusterSnapshot base;
  private final SnapshotBuilder converter;
  private final Scheduler.Session session;
  private final Map<String, Pod> converted = new HashMap<>();
  private final Map<List<String>, Result> simulated = new HashMap<>();
  private final PlanMemo memo;
  private int solves;

  Simulation(ClusterSnapshot base, SnapshotBuilder converter, SolveOptions options) {
    this(base, converter, options, new PlanMemo());
  }

  /** The same, reusing the plans of {@code memo} if its base equals this pass's. */
  Simulation(ClusterSnapshot base, SnapshotBuilder converter, SolveOptions options, PlanMemo memo) {
    this.base = base;
    this.converter = converter;
    this.session = memo.session(options);
    this.memo = memo;
    memo.rebase(base.snapshot());
  }

  ClusterSnapshot base() {
    return base;
  }

  /** What a candidate's pod requests, as the pass's snapshot computed it. */
  Resources requestsOf(io.fabric8.kubernetes.api.model.Pod pod) {
    return converter.boundPodRequests(pod);
  }

  /**
   * What removing the candidates would take.
   *
   * @param newNodes the plan's new nodes that hold candidate pods: the replacements
   * @param failure why the candidates' pods cannot all move, if they cannot
   */
  record Result(List<PlannedNode> newNodes, Optional<String> failure) {
    boolean ok() {
      return failure.isEmpty();
    }
  }

  Result simulate(List<CandidateNode> candidates) {
    List<String> key = candidates.stream().map(CandidateNode::name).sorted().toList();
    Result result = simulated.get(key);
    if (result == null) {
      result = solve(candidates);
      simulated.put(key, result);
    }
    return result;
  }

  /** How many times this pass asked the engine (simulations not answered from memory). */
  int solves() {
    return solves;
  }

  private Result solve(List<CandidateNode> candidates) {
    Set<String> removed = new HashSet<>();
    Set<String> moving = new HashSet<>();
    List<Pod> pods = new ArrayList<>(base.snapshot().pods());
    for (CandidateNode c : candidates) {
      removed.add(c.name());
      for (io.fabric8.kubernetes.api.model.Pod p : c.pods()) {
        String key = PodPredicates.key(p);
        Pod pod = converted.get(key);
        if (pod == null) {
          try {
            pod = converter.enginePod(p);
          } catch (IllegalArgumentException e) {
            return new Result(List.of(), Optional.of(e.getMessage()));
          }
          converted.put(key, pod);
        }
        pods.add(pod);
        moving.add(key);
      }
    }
    List<ExistingNode> existing = new ArrayList<>();
    for (ExistingNode n : base.snapshot().existingNodes()) {
      if (!removed.contains(n.name())) {
        existing.add(n);
      }
    }
    List<Pod> placed = pods;
    Plan plan =
        memo.plan(
            new PlanMemo.Key(removed.stream().sorted().toList(), List.copyOf(placed)),
            () -> {
              solves++;
              return session.solve(
                  new dev.dovetail.scheduling.Snapshot(
                      base.snapshot().nodePools(),
                      existing,
                      placed,
                      base.snapshot().namespaceLabels()));
            });
    for (UnschedulablePod u : plan.unschedulable()) {
      if (moving.contains(u.pod())) {
        return new Result(
            List.of(), Optional.of("pod " + u.pod() + " would not schedule: " + u.reason()));
      }
    }
    for (NodeAssignment a : plan.existingNodes()) {
      StateNode target = base.existing().get(a.nodeName());
      if (target != null && !initialized(target) && a.pods().stream().anyMatch(moving::contains)) {
        return new Result(
            List.of(),
            Optional.of("pods would schedule against a non-initialized node " + a.nodeName()));
      }
    }
    List<PlannedNode> replacements =
        plan.newNodes().stream().filter(n -> n.pods().stream().anyMatch(moving::contains)).toList();
    return new Result(replacements, Optional.empty());
  }

  private static boolean initialized(StateNode node) {
    return node.node()
        .map(n -> n.getMetadata().getLabels())
        .map(l -> "true".equals(l.get(WellKnownLabels.INITIALIZED)))
        .orElse(false);
  }
}
