package dev.dovetail.state;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One node as cluster state knows it: a Node, a Machine, or both once the Machine's provider id
 * matches the Node's. An in-flight node has a Machine and no Node yet.
 *
 * @param key the provider id, or {@code machine/<name>} / {@code node/<name>} while there is none
 * @param node the Node, if registered
 * @param machine the Machine, if Dovetail launched it
 * @param pods keys ({@code namespace/name}) of the pods bound to the Node
 * @param markedForDeletion whether a controller is about to remove it
 * @param nominatedUntil until when it is protected because pods were nominated to it
 */
public record StateNode(
    String key,
    Optional<Node> node,
    Optional<Machine> machine,
    Set<String> pods,
    boolean markedForDeletion,
    Optional<Instant> nominatedUntil) {
  /**
   * Node annotation (and {@code NoSchedule} taint key) set while an interruption is handled: the
   * node's replacement is being launched and it will be drained. Such a node is never a target for
   * new pods or for consolidation. The annotation's value is when the drain starts at the latest
   * (RFC 3339).
   */
  public static final String INTERRUPTION_PENDING = "dovetail.dev/interruption-pending";

  public StateNode {
    pods = Set.copyOf(pods);
  }

  /** The Node name, or the Machine's {@code status.nodeName}, if known. */
  public Optional<String> nodeName() {
    if (node.isPresent()) {
      return Optional.of(node.get().getMetadata().getName());
    }
    return machine
        .filter(m -> m.getStatus() != null && m.getStatus().nodeName() != null)
        .map(m -> m.getStatus().nodeName());
  }

  /** A Machine whose Node has not registered yet. */
  public boolean inFlight() {
    return machine.isPresent() && node.isEmpty();
  }

  public boolean isNominated(Instant now) {
    return nominatedUntil.map(now::isBefore).orElse(false);
  }

  /** Whether the Node carries {@link #INTERRUPTION_PENDING}. */
  public boolean interruptionPending() {
    return node.map(n -> n.getMetadata().getAnnotations())
        .map(a -> a.containsKey(INTERRUPTION_PENDING))
        .orElse(false);
  }

  /**
   * Being deleted (a deletion timestamp on the Node or Machine), marked for deletion, or about to
   * be drained because of an interruption.
   */
  public boolean isDeleting() {
    return markedForDeletion
        || interruptionPending()
        || node.map(n -> n.getMetadata().getDeletionTimestamp() != null).orElse(false)
        || machine.map(m -> m.getMetadata().getDeletionTimestamp() != null).orElse(false);
  }
}
