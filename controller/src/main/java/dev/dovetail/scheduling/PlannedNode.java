package dev.dovetail.scheduling;

import java.util.List;
import java.util.SortedSet;

/**
 * A new node the plan launches.
 *
 * @param nodePool the Provisioner it comes from
 * @param candidates every instance type that fits it, cheapest first (ties by name); the launcher
 *     cuts this list, the plan keeps all of it for explanation
 * @param zones the zones it may be launched in
 * @param capacityTypes the capacity types it may be bought as
 * @param pods the pods planned for it ({@code namespace/name})
 * @param requests the pods' requests plus the pool's daemonset overhead
 * @param explanation why these types: the cheapest few with prices and what they must hold
 * @param requirements what a node launched for this plan satisfies: the pool's requirements, the
 *     pods' node selectors and required affinity, topology narrowing, and the zones, capacity
 *     types, architectures, operating systems and instance types its candidates allow
 */
public record PlannedNode(
    String nodePool,
    List<Candidate> candidates,
    SortedSet<String> zones,
    SortedSet<CapacityType> capacityTypes,
    List<String> pods,
    Resources requests,
    String explanation,
    Requirements requirements) {

  /** A planned node without resulting requirements (they are then empty). */
  public PlannedNode(
      String nodePool,
      List<Candidate> candidates,
      SortedSet<String> zones,
      SortedSet<CapacityType> capacityTypes,
      List<String> pods,
      Resources requests,
      String explanation) {
    this(
        nodePool, candidates, zones, capacityTypes, pods, requests, explanation, Requirements.NONE);
  }

  /** The price of the cheapest candidate: what the plan counts for this node. */
  public double pricePerHour() {
    return candidates.isEmpty() ? 0 : candidates.get(0).pricePerHour();
  }

  /** The cheapest candidate's type name. */
  public String cheapestType() {
    return candidates.isEmpty() ? "" : candidates.get(0).instanceType();
  }
}
