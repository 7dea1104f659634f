package dev.dovetail.state;

import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;
import java.util.Optional;

/** Questions about pods that the controllers ask, answered as upstream Karpenter answers them. */
public final class PodPredicates {
  /** The annotation the kubelet sets on mirror pods of static pods. */
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private PodPredicates() {}

  /**
   * Whether the pod needs a node that does not exist yet: no {@code spec.nodeName}, no nominated
   * node (preemption in progress), {@code PodScheduled=False} with reason {@code Unschedulable},
   * not owned by a DaemonSet, not a mirror pod, not terminal or terminating.
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

  /**
   * Why Dovetail will not provision for a pod it could otherwise plan, or empty: the pod asks never
   * to run on a provisioned node ({@code karpenter.sh/provisioner-name DoesNotExist}), or its node
   * affinity uses {@code matchFields}, which no label requirement can express.
   */
  public static Optional<String> unsupportedReason(Pod pod) {
    Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
    NodeAffinity nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
    if (nodeAffinity == null
        || nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return Optional.empty();
    }
    for (NodeSelectorTerm term :
        nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
      if (term.getMatchFields() != null && !term.getMatchFields().isEmpty()) {
        return Optional.of("node affinity uses matchFields, which Dovetail does not support");
      }
      if (term.getMatchExpressions() != null) {
        for (NodeSelectorRequirement r : term.getMatchExpressions()) {
          if (WellKnownLabels.PROVISIONER_NAME.equals(r.getKey())
              && "DoesNotExist".equals(r.getOperator())) {
            return Optional.of("requires " + WellKnownLabels.PROVISIONER_NAME + " DoesNotExist");
          }
        }
      }
    }
    return Optional.empty();
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
