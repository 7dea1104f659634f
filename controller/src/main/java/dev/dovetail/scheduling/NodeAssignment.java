package dev.dovetail.scheduling;

import java.util.List;

/**
 * Pending pods the plan expects to land on an existing or in-flight node.
 *
 * @param nodeName the node (or Machine) name
 * @param pods the pods, {@code namespace/name}
 */
public record NodeAssignment(String nodeName, List<String> pods) {
  public NodeAssignment {
    pods = List.copyOf(pods);
  }
}
