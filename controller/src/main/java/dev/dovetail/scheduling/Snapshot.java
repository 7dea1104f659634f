package dev.dovetail.scheduling;

import java.util.List;

/**
 * Everything the engine needs for one solve, frozen: the node pools with their instance types, the
 * existing and in-flight nodes, and the pending pods.
 *
 * @param nodePools node templates new nodes may come from
 * @param existingNodes nodes that exist or are being launched
 * @param pods the pending pods to place
 */
public record Snapshot(List<NodePool> nodePools, List<ExistingNode> existingNodes, List<Pod> pods) {
  public Snapshot {
    nodePools = List.copyOf(nodePools);
    existingNodes = List.copyOf(existingNodes);
    pods = List.copyOf(pods);
  }
}
