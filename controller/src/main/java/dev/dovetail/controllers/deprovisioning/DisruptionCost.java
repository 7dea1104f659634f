package dev.dovetail.controllers.deprovisioning;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How much it costs to disrupt a node: the summed eviction cost of its pods times the fraction of
 * its lifetime left. Consolidation tries the cheapest nodes first: fewer pods, closer to expiry,
 * lower priority.
 */
final class DisruptionCost {
  static final String POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  private DisruptionCost() {}

  /** 1 + deletion cost / 2^27 + priority / 2^25, clamped to [-10, 10]. */
  static double evictionCost(Pod pod) {
    double cost = 1.0;
    var annotations = pod.getMetadata().getAnnotations();
    String deletionCost = annotations == null ? null : annotations.get(POD_DELETION_COST);
    if (deletionCost != null) {
      try {
        cost += Integer.parseInt(deletionCost.trim()) / Math.pow(2, 27);
      } catch (NumberFormatException ignored) {
        // Kubernetes ignores an unparsable deletion cost too.
      }
    }
    if (pod.getSpec() != null && pod.getSpec().getPriority() != null) {
      cost += pod.getSpec().getPriority() / Math.pow(2, 25);
    }
    return Math.max(-10, Math.min(10, cost));
  }

  /**
   * @param expireAfter the Provisioner's {@code ttlSecondsUntilExpired}, or null
   */
  static double of(List<Pod> pods, Instant created, Duration expireAfter, Instant now) {
    double cost = 0;
    for (Pod pod : pods) {
      cost += evictionCost(pod);
    }
    return cost * lifetimeRemaining(created, expireAfter, now);
  }

  static double lifetimeRemaining(Instant created, Duration expireAfter, Instant now) {
    if (expireAfter == null || created == null || expireAfter.isZero()) {
      return 1.0;
    }
    double age = Duration.between(created, now).toMillis();
    double left = 1.0 - age / expireAfter.toMillis();
    return Math.max(0, Math.min(1, left));
  }
}
