package dev.dovetail.events;

import io.fabric8.kubernetes.api.model.Pod;

/** The events Dovetail publishes on pods, with Karpenter's reasons and delivery limits. */
public final class PodEvents {
  private PodEvents() {}

  /**
   * The pod will go to {@code target} ({@code machine/<name>} or {@code node/<name>}). Repeats for
   * the same pod and target are dropped; at most 5 per second (burst 10) go out, as upstream.
   */
  public static Event nominated(Pod pod, String target) {
    return Event.normal(pod, "Nominated", "Pod should schedule on: " + target)
        .dedupedOn(pod.getMetadata().getUid(), target)
        .rateLimited(5, 10);
  }

  /** No node pool and no existing node can take the pod; {@code reason} is the engine's. */
  public static Event failedToSchedule(Pod pod, String reason) {
    return Event.warning(pod, "FailedScheduling", "Failed to schedule pod, " + reason)
        .dedupedOn(pod.getMetadata().getUid(), reason);
  }

  /** The pod was evicted while its node was drained. */
  public static Event evicted(Pod pod) {
    return Event.normal(pod, "Evicted", "Evicted pod").dedupedOn(pod.getMetadata().getUid());
  }

  /** The eviction was refused (429) because of a PodDisruptionBudget. */
  public static Event evictionBlocked(Pod pod, String detail) {
    return Event.warning(
            pod, "FailedDraining", "Evicting pod violates a PodDisruptionBudget, " + detail)
        .dedupedOn(pod.getMetadata().getUid());
  }
}
