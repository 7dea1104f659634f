package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Candidate;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodeAssignment;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.UnschedulablePod;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/** Turns a finished packing run into the immutable {@link Plan}, with explanations. */
final class PlanBuilder {
  private PlanBuilder() {}

  static Plan build(
      Problem problem,
      Packer packer,
      boolean repacked,
      boolean withBound,
      double lpBound,
      double firstFitCost,
      int firstFitNodes) {
    List<PlannedNode> nodes = new ArrayList<>();
    double cost = 0;
    for (Draft d : packer.drafts) {
      CandidateList candidates = packer.finalCandidates(d);
      long[] requests = d.used.clone();
      Resources total = problem.dims.toResources(requests).plus(d.pool.pool.daemonOverhead());
      List<String> pods = new ArrayList<>(d.pods.size());
      for (PodState p : d.pods) {
        pods.add(p.facts.pod.id());
      }
      cost += candidates.cheapestPrice();
      long offers = candidates.offerSlots();
      SortedSet<String> zones = problem.slots.zonesOf(offers);
      SortedSet<CapacityType> capacityTypes = Slots.capacityTypesOf(offers);
      nodes.add(
          new PlannedNode(
              d.pool.name(),
              candidates,
              zones,
              capacityTypes,
              pods,
              total,
              explain(candidates, total, d.fromColumns ? null : packer.mode()),
              resulting(d.requirements, candidates, zones, capacityTypes)));
    }
    List<NodeAssignment> existing = new ArrayList<>();
    for (int i : problem.existingOrder) {
      List<PodState> placed = packer.existingPlaced.get(i);
      if (!placed.isEmpty()) {
        existing.add(
            new NodeAssignment(
                problem.snapshot.existingNodes().get(i).name(),
                placed.stream().map(p -> p.facts.pod.id()).toList()));
      }
    }
    Explainer explainer = new Explainer(problem, packer);
    List<UnschedulablePod> unschedulable = new ArrayList<>();
    for (PodState p : packer.unplaced) {
      unschedulable.add(new UnschedulablePod(p.facts.pod.id(), explainer.explain(p)));
    }
    double bound = Double.NaN;
    if (withBound) {
      bound = LowerBound.compute(problem, Solver.scheduled(packer));
      if (!Double.isNaN(lpBound)) {
        bound = Math.max(bound, lpBound);
      }
    }
    return new Plan(
        nodes,
        existing,
        unschedulable,
        cost,
        withBound ? Math.min(bound, cost) : Double.NaN,
        repacked
            ? "column-generation"
            : packer.mode() == Packer.Mode.COST_AWARE ? "cost-aware" : "first-fit-decreasing",
        firstFitCost,
        firstFitNodes);
  }

  /**
   * The node's requirements as a launch would satisfy them: the draft's requirements narrowed to
   * the zones, capacity types and instance types of its candidates, and to the architectures and
   * operating systems those types have.
   */
  private static Requirements resulting(
      Requirements requirements,
      CandidateList candidates,
      SortedSet<String> zones,
      SortedSet<CapacityType> capacityTypes) {
    return requirements
        .without(WellKnownLabels.ZONE)
        .and(Requirement.in(WellKnownLabels.ZONE, zones))
        .without(WellKnownLabels.CAPACITY_TYPE)
        .and(
            Requirement.in(
                WellKnownLabels.CAPACITY_TYPE,
                capacityTypes.stream().map(CapacityType::label).toList()))
        .without(WellKnownLabels.INSTANCE_TYPE)
        .and(
            candidates
                .pool()
                .compiled
                .candidateRequirements(candidates.indices(), () -> typeRequirements(candidates)));
  }

  /** The instance types, and the architectures and operating systems they all have. */
  private static Requirements typeRequirements(CandidateList candidates) {
    List<InstanceType> types = candidates.instanceTypes();
    Requirements out =
        Requirements.of(
            Requirement.in(
                WellKnownLabels.INSTANCE_TYPE, types.stream().map(InstanceType::name).toList()));
    for (String key : List.of(WellKnownLabels.ARCH, WellKnownLabels.OS)) {
      TreeSet<String> values = new TreeSet<>();
      boolean open = false;
      for (InstanceType t : types) {
        Requirement r = t.requirements().get(key);
        if (r == null || r.operator() != Operator.IN) {
          open = true;
          break;
        }
        values.addAll(r.values());
      }
      if (!open && !values.isEmpty()) {
        out = out.and(Requirement.in(key, values));
      }
    }
    return out;
  }

  private static String explain(List<Candidate> candidates, Resources requests, Packer.Mode mode) {
    StringBuilder sb = new StringBuilder();
    sb.append(candidates.size())
        .append(candidates.size() == 1 ? " type fits " : " types fit ")
        .append(requests.toQuantityStrings())
        .append("; cheapest: ");
    int shown = Math.min(3, candidates.size());
    for (int i = 0; i < shown; i++) {
      Candidate c = candidates.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(c.instanceType())
          .append(String.format(Locale.ROOT, " $%.4f/h", c.pricePerHour()))
          .append(" (")
          .append(c.capacityType())
          .append(' ')
          .append(c.zone())
          .append(')');
    }
    if (mode == null) {
      sb.append("; packed by column generation over the pods' shapes");
    } else if (mode == Packer.Mode.COST_AWARE) {
      sb.append("; sized for the lowest price per pod of the queued pods");
    }
    return sb.toString();
  }
}
