package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the eviction of one pod is allowed by the PodDisruptionBudgets of its namespace,
 * the way the API server's eviction subresource does, except that the budget's counts are computed
 * on the spot instead of being read from a disruption controller's status. As upstream's disruption
 * controller does, the expected count is the sum of the replicas of the pods' controllers
 * (ReplicaSet, or its Deployment, StatefulSet, ReplicationController); pods without a controller
 * count for themselves. Healthy pods are the Running and Ready ones that are not being deleted.
 */
public final class DisruptionBudgetCheck {

  /** Looks up the desired replicas of a pod's controller. */
  public interface ControllerScale {
    /** Replicas of the controller that {@code owner} names in {@code namespace}, if known. */
    Optional<Integer> replicas(String namespace, OwnerReference owner);
  }

  /** The outcome: allowed, or refused because of {@code budget} with its counts. */
  record Decision(
      boolean allowed, String budget, int desiredHealthy, int currentHealthy, String problem) {
    static Decision allow() {
      return new Decision(true, null, 0, 0, null);
    }
  }

  private DisruptionBudgetCheck() {}

  /** Whether any of {@code budgets} can refuse the eviction of {@code pod}. */
  static boolean covered(Pod pod, List<PodDisruptionBudget> budgets) {
    return !ignoresBudgets(pod) && !matching(pod, budgets).isEmpty();
  }

  private static List<PodDisruptionBudget> matching(Pod pod, List<PodDisruptionBudget> budgets) {
    return budgets.stream()
        .filter(
            b ->
                LabelSelectorMatcher.matches(
                    b.getSpec().getSelector(), pod.getMetadata().getLabels()))
        .toList();
  }

  static Decision check(
      Pod pod, List<Pod> namespacePods, List<PodDisruptionBudget> budgets, ControllerScale scale) {
    if (ignoresBudgets(pod)) {
      return Decision.allow();
    }
    List<PodDisruptionBudget> matching = matching(pod, budgets);
    if (matching.isEmpty()) {
      return Decision.allow();
    }
    if (matching.size() > 1) {
      return new Decision(
          false,
          null,
          0,
          0,
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not"
              + " support.");
    }
    PodDisruptionBudget budget = matching.getFirst();
    Counts counts = counts(budget, namespacePods, scale);
    int healthy = counts.currentHealthy();
    int desired = counts.desiredHealthy();
    boolean allowed;
    if (isHealthy(pod)) {
      allowed = healthy - desired > 0;
    } else {
      // An unhealthy pod does not reduce availability further; upstream's default policy
      // (IfHealthyBudget) lets it go while the budget is currently met.
      allowed =
          "AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy())
              || healthy >= desired;
    }
    return new Decision(allowed, budget.getMetadata().getName(), desired, healthy, null);
  }

  /** What a disruption controller reports in a budget's status. */
  public record Counts(int expectedPods, int currentHealthy, int desiredHealthy) {
    public int disruptionsAllowed() {
      return Math.max(0, currentHealthy - desiredHealthy);
    }
  }

  /** The counts of {@code budget} over the pods of its namespace. */
  public static Counts counts(
      PodDisruptionBudget budget, List<Pod> namespacePods, ControllerScale scale) {
    List<Pod> selected =
        namespacePods.stream()
            .filter(
                p ->
                    LabelSelectorMatcher.matches(
                        budget.getSpec().getSelector(), p.getMetadata().getLabels()))
            .filter(p -> !isTerminal(p))
            .toList();
    int expected = expectedCount(selected, scale);
    int healthy = (int) selected.stream().filter(DisruptionBudgetCheck::isHealthy).count();
    return new Counts(expected, healthy, desiredHealthy(budget, expected));
  }

  private static int expectedCount(List<Pod> pods, ControllerScale scale) {
    Map<String, Integer> byController = new HashMap<>();
    int withoutController = 0;
    for (Pod pod : pods) {
      Optional<OwnerReference> controller =
          pod.getMetadata().getOwnerReferences().stream()
              .filter(o -> Boolean.TRUE.equals(o.getController()))
              .findFirst();
      Optional<Integer> replicas =
          controller.flatMap(o -> scale.replicas(pod.getMetadata().getNamespace(), o));
      if (replicas.isPresent()) {
        byController.put(
            controller.get().getKind() + "/" + controller.get().getName(), replicas.get());
      } else {
        withoutController++;
      }
    }
    return withoutController + byController.values().stream().mapToInt(Integer::intValue).sum();
  }

  static int desiredHealthy(PodDisruptionBudget budget, int expected) {
    IntOrString minAvailable = budget.getSpec().getMinAvailable();
    IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
    if (minAvailable != null) {
      return Math.max(0, scaled(minAvailable, expected));
    }
    if (maxUnavailable != null) {
      return Math.max(0, expected - scaled(maxUnavailable, expected));
    }
    // Neither set: the API rejects such budgets; treat as "nothing may be disrupted".
    return expected;
  }

  /** Int, or a percentage of {@code total} rounded up, as upstream scales both fields. */
  static int scaled(IntOrString value, int total) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = Optional.ofNullable(value.getStrVal()).orElse("").trim();
    if (!text.endsWith("%")) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "invalid PodDisruptionBudget value \""
                + text
                + "\": expected an integer or a percentage",
            e);
      }
    }
    int percent = Integer.parseInt(text.substring(0, text.length() - 1));
    return (int) Math.ceil(percent * (double) total / 100.0);
  }

  private static boolean ignoresBudgets(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase)
        || "Failed".equals(phase)
        || "Pending".equals(phase)
        || pod.getMetadata().getDeletionTimestamp() != null;
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static boolean isHealthy(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
      return false;
    }
    return "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
