package dev.dovetail.events;

import io.fabric8.kubernetes.api.model.Node;

/** The events Dovetail publishes on nodes. */
public final class NodeEvents {
  private NodeEvents() {}

  /** Pods are still waiting to be evicted from a node being terminated. */
  public static Event failedDraining(Node node, int waiting) {
    return Event.warning(
            node,
            "FailedDraining",
            "Failed to drain node, " + waiting + " pods are waiting to be evicted")
        .dedupedOn(node.getMetadata().getUid());
  }
}
