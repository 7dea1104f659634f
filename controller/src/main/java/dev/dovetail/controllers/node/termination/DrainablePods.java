package dev.dovetail.controllers.node.termination;

import dev.dovetail.controllers.Keys;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which pods a drain waits for and in which order, as upstream's terminator decides: terminal pods,
 * pods stuck terminating for over a minute, pods that tolerate the unschedulable taint (daemonsets
 * in practice) and static (mirror) pods are left alone; critical pods go last.
 */
public final class DrainablePods {
  /** A pod still present this long after its deletion was requested is taken as gone. */
  public static final Duration STUCK_TERMINATING = Duration.ofMinutes(1);

  private static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
  private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private DrainablePods() {}

  /** Pods the drain must see gone before the node may go. */
  public static List<Pod> toEvict(List<Pod> podsOnNode, Instant now) {
    return podsOnNode.stream()
        .filter(p -> !isTerminal(p))
        .filter(p -> !isStuckTerminating(p, now))
        .filter(p -> !toleratesUnschedulable(p))
        .filter(p -> !isStatic(p))
        .toList();
  }

  /**
   * Pods whose {@code karpenter.sh/do-not-evict: "true"} annotation blocks voluntary disruption
   * (expiry, drift, emptiness, consolidation) of their node. Terminating, terminal, daemonset and
   * static pods do not block. A deleted node (manual delete, interruption) drains regardless.
   */
  public static List<Pod> blockingVoluntaryDisruption(List<Pod> podsOnNode) {
    return podsOnNode.stream()
        .filter(p -> "true".equals(annotations(p).get(Keys.DO_NOT_EVICT)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !isTerminal(p))
        .filter(p -> !isOwnedBy(p, "DaemonSet"))
        .filter(p -> !isStatic(p))
        .toList();
  }

  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public static boolean isStuckTerminating(Pod pod, Instant now) {
    String deletion = pod.getMetadata().getDeletionTimestamp();
    return deletion != null && now.isAfter(Instant.parse(deletion).plus(STUCK_TERMINATING));
  }

  /** {@code system-cluster-critical} and {@code system-node-critical} pods are evicted last. */
  public static boolean isCritical(Pod pod) {
    String priorityClass = pod.getSpec() == null ? null : pod.getSpec().getPriorityClassName();
    return "system-cluster-critical".equals(priorityClass)
        || "system-node-critical".equals(priorityClass);
  }

  /** Pods that would be scheduled back onto a cordoned node; daemonset pods tolerate it. */
  public static boolean toleratesUnschedulable(Pod pod) {
    List<Toleration> tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
    if (tolerations == null) {
      return false;
    }
    for (Toleration t : tolerations) {
      boolean effect =
          t.getEffect() == null || t.getEffect().isEmpty() || "NoSchedule".equals(t.getEffect());
      boolean exists = "Exists".equals(t.getOperator());
      boolean key =
          (t.getKey() == null || t.getKey().isEmpty())
              ? exists
              : UNSCHEDULABLE_TAINT.equals(t.getKey());
      boolean value = exists || t.getValue() == null || t.getValue().isEmpty();
      if (effect && key && value) {
        return true;
      }
    }
    return false;
  }

  /** Static pods show up as mirror pods owned by the Node. */
  public static boolean isStatic(Pod pod) {
    return isOwnedBy(pod, "Node") || annotations(pod).containsKey(MIRROR_ANNOTATION);
  }

  private static boolean isOwnedBy(Pod pod, String kind) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> kind.equals(o.getKind()));
  }

  private static Map<String, String> annotations(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
