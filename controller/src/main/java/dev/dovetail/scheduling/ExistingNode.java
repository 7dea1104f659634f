package dev.dovetail.scheduling;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node that exists or is being launched (a Machine without a Node yet).
 *
 * <p>{@code available} is allocatable minus the requests of bound pods and of daemonset pods that
 * will still land there: what new pods can use.
 *
 * @param name the node (or Machine) name
 * @param nodePool the Provisioner that owns it, or null for nodes Dovetail does not manage
 * @param labels the node's labels (zone, instance type, capacity type, …)
 * @param taints the node's taints (startup taints excluded)
 * @param available resources left for new pods
 * @param initialized true once the node is ready; initialized nodes are tried first
 * @param inFlight true for a launched Machine without a registered Node
 * @param hostPortsInUse host ports already bound on the node
 * @param pods pods bound to the node, for topology
 */
public record ExistingNode(
    String name,
    String nodePool,
    SortedMap<String, String> labels,
    List<Taint> taints,
    Resources available,
    boolean initialized,
    boolean inFlight,
    List<HostPort> hostPortsInUse,
    List<BoundPod> pods) {
  public ExistingNode {
    Objects.requireNonNull(name, "name");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    taints = List.copyOf(taints);
    Objects.requireNonNull(available, "available");
    hostPortsInUse = List.copyOf(hostPortsInUse);
    pods = List.copyOf(pods);
  }
}
