package dev.dovetail.scheduling;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node template the engine may launch new nodes from: a Provisioner with its instance types.
 *
 * <p>{@code requirements} already include the Provisioner's labels (as {@code In}) and its owner
 * label. {@code daemonOverhead} is the summed requests of the daemonsets that will run on its
 * nodes. {@code remainingLimits} maps each limited resource to what is left of the limit after
 * existing nodes (an absent resource is unlimited); a planned node uses up the largest capacity
 * among its candidate types.
 *
 * @param name the Provisioner name
 * @param weight higher weights are tried first (unset is 0)
 * @param requirements what its nodes may be
 * @param labels labels its nodes get
 * @param taints taints its nodes get (startup taints excluded: pods need not tolerate them)
 * @param daemonOverhead daemonset requests on each node
 * @param remainingLimits what is left of each limited resource, in {@link Resources} units
 * @param instanceTypes every instance type the cloud offers for it
 * @param daemonHostPorts host ports the pool's daemonsets use on each of its nodes: a pending pod
 *     wanting one of them cannot go to a new node of the pool
 * @param providerLabels the label keys the cloud provider gives a meaning to (its instance
 *     attributes, from {@code ProviderConventions}), well-known even where no instance type of the
 *     pool defines them
 */
public record NodePool(
    String name,
    int weight,
    Requirements requirements,
    SortedMap<String, String> labels,
    List<Taint> taints,
    Resources daemonOverhead,
    SortedMap<String, Long> remainingLimits,
    List<InstanceType> instanceTypes,
    List<HostPort> daemonHostPorts,
    Set<String> providerLabels) {

  public NodePool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requirements, "requirements");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    taints = List.copyOf(taints);
    Objects.requireNonNull(daemonOverhead, "daemonOverhead");
    remainingLimits = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(remainingLimits));
    instanceTypes = List.copyOf(instanceTypes);
    daemonHostPorts = List.copyOf(daemonHostPorts);
    providerLabels = Set.copyOf(providerLabels);
  }

  /**
   * The keys a pod may ask for although the pool's requirements leave them undefined: the
   * cloud-neutral {@link WellKnownLabels#WELL_KNOWN}, the provider's labels and every key its
   * instance types define (a provider's instance attributes, such as the instance family). Taking
   * the provider's keys from the pool keeps the engine free of provider names and of global state.
   * Computed on each call: callers keep the result for the pool.
   */
  public Set<String> wellKnownLabels() {
    Set<String> keys = new HashSet<>(WellKnownLabels.WELL_KNOWN);
    keys.addAll(providerLabels);
    for (InstanceType type : instanceTypes) {
      keys.addAll(type.requirements().keys());
    }
    return Set.copyOf(keys);
  }

  /** A pool with no labels, taints, daemonsets or limits. */
  public static NodePool of(String name, Requirements requirements, List<InstanceType> types) {
    return new NodePool(
        name,
        0,
        requirements,
        new TreeMap<>(),
        List.of(),
        Resources.NONE,
        new TreeMap<>(),
        types,
        List.of(),
        Set.of());
  }

  public NodePool withWeight(int newWeight) {
    return new NodePool(
        name,
        newWeight,
        requirements,
        labels,
        taints,
        daemonOverhead,
        remainingLimits,
        instanceTypes,
        daemonHostPorts,
        providerLabels);
  }

  public NodePool withTaints(List<Taint> newTaints) {
    return new NodePool(
        name,
        weight,
        requirements,
        labels,
        newTaints,
        daemonOverhead,
        remainingLimits,
        instanceTypes,
        daemonHostPorts,
        providerLabels);
  }

  public NodePool withLabels(Map<String, String> newLabels) {
    return new NodePool(
        name,
        weight,
        requirements.and(Requirements.fromLabels(newLabels)),
        new TreeMap<>(newLabels),
        taints,
        daemonOverhead,
        remainingLimits,
        instanceTypes,
        daemonHostPorts,
        providerLabels);
  }

  public NodePool withDaemonOverhead(Resources overhead) {
    return new NodePool(
        name,
        weight,
        requirements,
        labels,
        taints,
        overhead,
        remainingLimits,
        instanceTypes,
        daemonHostPorts,
        providerLabels);
  }

  public NodePool withDaemonHostPorts(List<HostPort> ports) {
    return new NodePool(
        name,
        weight,
        requirements,
        labels,
        taints,
        daemonOverhead,
        remainingLimits,
        instanceTypes,
        ports,
        providerLabels);
  }

  public NodePool withRemainingLimits(Map<String, Long> limits) {
    return new NodePool(
        name,
        weight,
        requirements,
        labels,
        taints,
        daemonOverhead,
        new TreeMap<>(limits),
        instanceTypes,
        daemonHostPorts,
        providerLabels);
  }

  /** This pool with the provider's label keys (see {@code providerLabels}). */
  public NodePool withProviderLabels(Set<String> keys) {
    return new NodePool(
        name,
        weight,
        requirements,
        labels,
        taints,
        daemonOverhead,
        remainingLimits,
        instanceTypes,
        daemonHostPorts,
        keys);
  }
}
