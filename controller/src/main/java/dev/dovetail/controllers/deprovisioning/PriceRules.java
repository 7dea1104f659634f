package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.Candidate;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's price rules for consolidation replacements, generalised to several replacements: keep
 * only instance types whose worst-case launch price keeps the total strictly below what the
 * candidates cost now; never replace spot with spot; a replacement that may be spot or on-demand is
 * forced to spot, so a spot shortage cannot turn into a pricier on-demand launch.
 */
final class PriceRules {
  private final PriceIndex prices;
  private final Map<String, NodePool> pools;

  PriceRules(PriceIndex prices, Map<String, NodePool> pools) {
    this.prices = prices;
    this.pools = pools;
  }

  /** The narrowed replacements, or why there are none. */
  sealed interface Outcome {}

  record Allowed(List<PlannedNode> replacements) implements Outcome {}

  record Refused(String reason) implements Outcome {}

  /**
   * @param sameTypeFilter upstream's multi-node rule: a replacement whose options include a type
   *     being removed keeps only types cheaper than that removed node
   */
  Outcome replacements(
      List<CandidateNode> candidates, List<PlannedNode> planned, boolean sameTypeFilter) {
    double before = Command.priceOf(candidates);
    boolean allSpot = candidates.stream().allMatch(c -> c.capacityType() == CapacityType.SPOT);
    List<Set<CapacityType>> capacity = new ArrayList<>();
    for (PlannedNode p : planned) {
      Set<CapacityType> allowed = allowedCapacity(p);
      if (allSpot && allowed.contains(CapacityType.SPOT)) {
        return new Refused("Can't replace a spot node with a spot node");
      }
      if (allowed.contains(CapacityType.SPOT)) {
        allowed = EnumSet.of(CapacityType.SPOT);
      }
      capacity.add(allowed);
    }
    // The cheapest worst case of each replacement; the others' share bounds each one's options.
    double[] floor = new double[planned.size()];
    double floorSum = 0;
    for (int i = 0; i < planned.size(); i++) {
      floor[i] = Double.POSITIVE_INFINITY;
      for (Candidate c : planned.get(i).candidates()) {
        OptionalDouble w =
            prices.worstCase(c.instanceType(), planned.get(i).zones(), capacity.get(i));
        if (w.isPresent()) {
          floor[i] = Math.min(floor[i], w.getAsDouble());
        }
      }
      floorSum += floor[i];
    }
    if (!(floorSum < before)) {
      double cheapest = 0;
      for (PlannedNode p : planned) {
        cheapest += p.pricePerHour();
      }
      return new Refused(
          "Can't replace with a cheaper node, the replacement costs at worst "
              + Money.perHour(floorSum)
              + " (at best "
              + Money.perHour(cheapest)
              + ") against "
              + Money.perHour(before)
              + " now");
    }
    List<PlannedNode> narrowed = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      PlannedNode p = planned.get(i);
      double limit = before - (floorSum - floor[i]);
      double sameTypeLimit = Double.POSITIVE_INFINITY;
      if (sameTypeFilter) {
        for (CandidateNode c : candidates) {
          boolean offered =
              p.candidates().stream().anyMatch(o -> o.instanceType().equals(c.instanceType()));
          if (offered) {
            sameTypeLimit = Math.min(sameTypeLimit, c.pricePerHour());
          }
        }
      }
      List<Candidate> kept = new ArrayList<>();
      double typeLimit = sameTypeLimit;
      for (Candidate c : p.candidates()) {
        OptionalDouble worst = prices.worstCase(c.instanceType(), p.zones(), capacity.get(i));
        if (worst.isEmpty() || !(worst.getAsDouble() < limit)) {
          continue;
        }
        cheapest(c.instanceType(), p.zones(), capacity.get(i))
            .filter(o -> o.pricePerHour() < typeLimit)
            .map(o -> new Candidate(c.instanceType(), o.pricePerHour(), o.zone(), o.capacityType()))
            .ifPresent(kept::add);
      }
      if (kept.isEmpty()) {
        return new Refused(
            sameTypeFilter && sameTypeLimit < Double.POSITIVE_INFINITY
                ? "Can't replace with a cheaper node, every cheaper option is a type being removed"
                : "Can't replace with a cheaper node");
      }
      kept.sort(
          Comparator.comparingDouble(Candidate::pricePerHour)
              .thenComparing(Candidate::instanceType));
      narrowed.add(
          new PlannedNode(
              p.nodePool(),
              kept,
              p.zones(),
              new TreeSet<>(capacity.get(i)),
              p.pods(),
              p.requests(),
              p.explanation()));
    }
    return new Allowed(narrowed);
  }

  /**
   * The capacity types the replacement may be bought as: those of the offerings its candidate types
   * allow (the engine's union over all candidates), within the Provisioner's requirement.
   */
  private Set<CapacityType> allowedCapacity(PlannedNode p) {
    Set<CapacityType> allowed =
        p.capacityTypes().isEmpty()
            ? EnumSet.allOf(CapacityType.class)
            : EnumSet.copyOf(p.capacityTypes());
    NodePool pool = pools.get(p.nodePool());
    Requirement r = pool == null ? null : pool.requirements().get(WellKnownLabels.CAPACITY_TYPE);
    allowed.removeIf(c -> r != null && !r.allows(c.label()));
    return allowed;
  }

  private java.util.Optional<Offering> cheapest(
      String type, Set<String> zones, Set<CapacityType> capacity) {
    InstanceType t = prices.type(type).orElse(null);
    if (t == null) {
      return java.util.Optional.empty();
    }
    return t.offerings().stream()
        .filter(Offering::available)
        .filter(o -> capacity.contains(o.capacityType()))
        .filter(o -> zones.isEmpty() || zones.contains(o.zone()))
        .min(Comparator.comparingDouble(Offering::pricePerHour).thenComparing(Offering::zone));
  }
}
