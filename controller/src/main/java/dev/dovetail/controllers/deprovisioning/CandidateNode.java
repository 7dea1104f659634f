package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;

/**
 * A node the deprovisioner may remove (docs/design/deprovisioning.md): it has a Node and a Machine,
 * is initialized, not being deleted, not nominated, and its Provisioner and instance type resolve.
 *
 * @param state the cluster-state entry
 * @param node the Node
 * @param machine its Machine
 * @param provisioner the owning Provisioner, defaulted
 * @param instanceType the node's instance type
 * @param zone its zone
 * @param capacityType spot or on-demand
 * @param pricePerHour what the node costs now (its offering's price)
 * @param pods the pods that would have to move: bound, not daemonset, mirror, terminal or
 *     terminating
 * @param disruptionCost how much disrupting it costs; cheaper nodes are tried first
 */
public record CandidateNode(
    StateNode state,
    Node node,
    Machine machine,
    Provisioner provisioner,
    String instanceType,
    String zone,
    CapacityType capacityType,
    double pricePerHour,
    List<Pod> pods,
    double disruptionCost) {

  public CandidateNode {
    pods = List.copyOf(pods);
  }

  public String name() {
    return node.getMetadata().getName();
  }

  public String machineName() {
    return machine.getMetadata().getName();
  }

  public String provisionerName() {
    return provisioner.getMetadata().getName();
  }

  /** Whether the Provisioner has {@code consolidation.enabled}. */
  public boolean consolidationEnabled() {
    ProvisionerSpec spec = spec(provisioner);
    return spec.consolidation() != null && Boolean.TRUE.equals(spec.consolidation().enabled());
  }

  /** How long the node may stay empty ({@code ttlSecondsAfterEmpty}); null = forever. */
  public Duration ttlAfterEmpty() {
    return seconds(spec(provisioner).ttlSecondsAfterEmpty());
  }

  /** How long the node may live ({@code ttlSecondsUntilExpired}); null = forever. */
  public Duration expireAfter() {
    return expireAfter(provisioner);
  }

  /** The node class the Provisioner launches with, or null for an inline provider block. */
  public ProviderRef nodeClassRef() {
    return spec(provisioner).providerRef();
  }

  static Duration expireAfter(Provisioner provisioner) {
    return seconds(spec(provisioner).ttlSecondsUntilExpired());
  }

  private static ProvisionerSpec spec(Provisioner provisioner) {
    return provisioner.getSpec() == null ? ProvisionerSpec.empty() : provisioner.getSpec();
  }

  private static Duration seconds(Long value) {
    return value == null ? null : Duration.ofSeconds(value);
  }

  public boolean isEmpty() {
    return pods.isEmpty();
  }

  /** {@code name/type/capacity-type}, as upstream's deprovisioning log names a machine. */
  public String describe() {
    return machineName() + "/" + instanceType + "/" + capacityType.label();
  }
}
