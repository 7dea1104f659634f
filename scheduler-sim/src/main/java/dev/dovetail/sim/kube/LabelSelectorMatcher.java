package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Map;

/** Evaluates a {@code metav1.LabelSelector} (matchLabels and matchExpressions) against labels. */
public final class LabelSelectorMatcher {
  private LabelSelectorMatcher() {}

  /**
   * Whether {@code labels} satisfy the selector. A {@code null} selector matches nothing and an
   * empty one matches everything, as for PodDisruptionBudgets and ReplicaSets.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(actual.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> value != null && r.getValues() != null && r.getValues().contains(value);
      case "NotIn" -> value == null || r.getValues() == null || !r.getValues().contains(value);
      case "Exists" -> labels.containsKey(r.getKey());
      case "DoesNotExist" -> !labels.containsKey(r.getKey());
      default ->
          throw new IllegalArgumentException(
              "label selector operator \"" + r.getOperator() + "\" is not supported");
    };
  }
}
