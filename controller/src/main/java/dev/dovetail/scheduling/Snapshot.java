package dev.dovetail.scheduling;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs for one solve, frozen: the node pools with their instance types, the
 * existing and in-flight nodes, and the pending pods.
 *
 * @param nodePools node templates new nodes may come from
 * @param existingNodes nodes that exist or are being launched
 * @param pods the pending pods to place
 */
public record Snapshot(
    List<NodePool> nodePools,
    List<ExistingNode> existingNodes,
    List<Pod> pods,
    Map<String, Map<String, String>> namespaceLabels) {

  /** A snapshot that knows no Namespace objects (namespace selectors then match none). */
  public Snapshot(List<NodePool> nodePools, List<ExistingNode> existingNodes, List<Pod> pods) {
    this(nodePools, existingNodes, pods, Map.of());
  }

  public Snapshot {
    nodePools = List.copyOf(nodePools);
    existingNodes = List.copyOf(existingNodes);
    pods = List.copyOf(pods);
    namespaceLabels =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(namespaceLabels));
  }

  /** The same snapshot with the labels of the cluster's namespaces, for namespace selectors. */
  public Snapshot withNamespaceLabels(Map<String, Map<String, String>> labels) {
    return new Snapshot(nodePools, existingNodes, pods, labels);
  }
}
