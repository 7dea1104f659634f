package dev.dovetail.state;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;

/** Questions about pods that the controllers ask, answered as upstream Karpenter answers them. */
public final class PodPredicates {
  /** The annotation the kubelet sets on mirror pods of static pods. */
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private PodPredicates() {}

  /**
   * Whether the pod needs a node that does not exist yet (§2.2): no {@code spec.nodeName}, no
   * nominated node (preemption in progress), {@code PodScheduled=False} with reason {@code
   * Unschedulable}, not owned by a DaemonSet, not a mirror pod, not terminal or terminating.
   */
  public static boolean isProvisionable(Pod pod) {
    return !isScheduled(pod)
        && (pod.getStatus() == null
            || pod.getStatus().getNominatedNodeName() == null
            || pod.getStatus().getNominatedNodeName().isEmpty())
        && failedToSchedule(pod)
        && !isOwnedByDaemonSet(pod)
        && !isMirror(pod)
        && !isTerminal(pod)
        && !isTerminating(pod);
  }

  public static boolean isScheduled(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }

  /** {@code PodScheduled=False} with reason {@code Unschedulable}, set by kube-scheduler. */
  public static boolean failedToSchedule(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(c.getType())) {
        return "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason());
      }
    }
    return false;
  }

  public static boolean isOwnedByDaemonSet(Pod pod) {
    return isOwnedBy(pod, "DaemonSet");
  }

  /** A static pod's mirror: annotated by the kubelet, or owned by its Node. */
  public static boolean isMirror(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return (annotations != null && annotations.containsKey(MIRROR_ANNOTATION))
        || isOwnedBy(pod, "Node");
  }

  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  private static boolean isOwnedBy(Pod pod, String kind) {
    for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
      if (kind.equals(owner.getKind())) {
        return true;
      }
    }
    return false;
  }

  /** {@code namespace/name}, the key pods are known by. */
  public static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
