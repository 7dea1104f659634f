package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.node.termination.DrainablePods;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Finds the nodes the deprovisioner may act on: {@link #eligible} applies upstream's candidate
 * rules, {@link #blockReason} its filters (do-not-evict pods, PodDisruptionBudgets that allow no
 * eviction).
 */
final class Candidates {
  private Candidates() {}

  /**
   * Every node that is a candidate, in disruption-cost order (cheapest first).
   *
   * @param pods every pod by {@code namespace/name}
   */
  static List<CandidateNode> eligible(
      List<StateNode> nodes,
      Map<String, Pod> pods,
      Map<String, Provisioner> pools,
      PriceIndex prices,
      Instant now) {
    List<CandidateNode> result = new ArrayList<>();
    for (StateNode state : nodes) {
      candidate(state, pods, pools, prices, now).ifPresent(result::add);
    }
    result.sort(
        Comparator.comparingDouble(CandidateNode::disruptionCost)
            .thenComparing(CandidateNode::name));
    return result;
  }

  private static Optional<CandidateNode> candidate(
      StateNode state,
      Map<String, Pod> pods,
      Map<String, Provisioner> pools,
      PriceIndex prices,
      Instant now) {
    if (state.node().isEmpty() || state.machine().isEmpty() || state.isDeleting()) {
      return Optional.empty();
    }
    if (state.isNominated(now)) {
      return Optional.empty();
    }
    Node node = state.node().get();
    Machine machine = state.machine().get();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (!"true".equals(labels.get(Keys.INITIALIZED))) {
      return Optional.empty();
    }
    String zone = labels.get(WellKnownLabels.ZONE);
    String capacity = labels.get(WellKnownLabels.CAPACITY_TYPE);
    String type = labels.get(WellKnownLabels.INSTANCE_TYPE);
    Provisioner provisioner = pools.get(labels.get(WellKnownLabels.PROVISIONER_NAME));
    if (zone == null || capacity == null || type == null || provisioner == null) {
      return Optional.empty();
    }
    CapacityType capacityType =
        "spot".equals(capacity) ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    OptionalDouble price = prices.price(type, zone, capacityType);
    if (price.isEmpty()) {
      return Optional.empty();
    }
    List<Pod> moving = new ArrayList<>();
    for (String key : state.pods()) {
      Pod pod = pods.get(key);
      if (pod != null
          && !PodPredicates.isOwnedByDaemonSet(pod)
          && !PodPredicates.isMirror(pod)
          && !PodPredicates.isTerminal(pod)
          && !PodPredicates.isTerminating(pod)) {
        moving.add(pod);
      }
    }
    moving.sort(Comparator.comparing(PodPredicates::key));
    Instant created =
        machine.getMetadata().getCreationTimestamp() == null
            ? null
            : Instant.parse(machine.getMetadata().getCreationTimestamp());
    double cost = DisruptionCost.of(moving, created, CandidateNode.expireAfter(provisioner), now);
    return Optional.of(
        new CandidateNode(
            state,
            node,
            machine,
            provisioner,
            type,
            zone,
            capacityType,
            price.getAsDouble(),
            moving,
            cost));
  }

  /**
   * Why the candidate may not be disrupted at all (upstream's {@code DeprovisioningBlocked}), if it
   * may not: a pod with {@code do-not-evict}, or a pod that a PodDisruptionBudget protects.
   */
  static Optional<String> blockReason(CandidateNode c, List<Pod> allOnNode, PdbIndex pdbs) {
    List<Pod> doNotEvict = DrainablePods.blockingVoluntaryDisruption(allOnNode);
    if (!doNotEvict.isEmpty()) {
      return Optional.of(
          "Pod \""
              + PodPredicates.key(doNotEvict.get(0))
              + "\" has \""
              + Keys.DO_NOT_EVICT
              + "\" annotation");
    }
    for (Pod pod : c.pods()) {
      Optional<String> pdb = pdbs.blocking(pod);
      if (pdb.isPresent()) {
        return Optional.of("pdb \"" + pdb.get() + "\" prevents pod evictions");
      }
    }
    return Optional.empty();
  }

  /**
   * Why consolidation leaves the candidate alone even though other methods may act on it, if it
   * does: consolidation is off, the node says {@code do-not-consolidate}, or a pod has no
   * controller to recreate it.
   */
  static Optional<String> consolidationBlock(CandidateNode c) {
    if (!c.consolidationEnabled()) {
      return Optional.of("consolidation is not enabled for provisioner " + c.provisionerName());
    }
    var annotations = c.node().getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(Keys.DO_NOT_CONSOLIDATE))) {
      return Optional.of(Keys.DO_NOT_CONSOLIDATE + " annotation exists");
    }
    for (Pod pod : c.pods()) {
      boolean controlled =
          pod.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> Boolean.TRUE.equals(o.getController()));
      if (!controlled) {
        return Optional.of("pod " + PodPredicates.key(pod) + " has no controller owner");
      }
    }
    return Optional.empty();
  }
}
