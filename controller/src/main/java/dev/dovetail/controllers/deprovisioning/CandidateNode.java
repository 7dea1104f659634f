package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.model.NodePool;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * A node the deprovisioner may remove (docs/design/deprovisioning.md): it has a Node and a Machine,
 * is initialized, not being deleted, not nominated, and its Provisioner and instance type resolve.
 *
 * @param state the cluster-state entry
 * @param node the Node
 * @param machine its Machine
 * @param provisioner the owning Provisioner, defaulted
 * @param pool the Provisioner as the internal model
 * @param instanceType the node's instance type
 * @param zone its zone
 * @param capacityType spot or on-demand
 * @param pricePerHour what the node costs now (its offering's price)
 * @param pods the pods that would have to move: bound, not daemonset, mirror, terminal or
 *     terminating
 * @param disruptionCost how much disrupting it costs (§4.1); cheaper nodes are tried first
 */
public record CandidateNode(
    StateNode state,
    Node node,
    Machine machine,
    Provisioner provisioner,
    NodePool pool,
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
    return pool.name();
  }

  public boolean isEmpty() {
    return pods.isEmpty();
  }

  /** {@code name/type/capacity-type}, as upstream's deprovisioning log names a machine. */
  public String describe() {
    return machineName() + "/" + instanceType + "/" + capacityType.label();
  }
}
