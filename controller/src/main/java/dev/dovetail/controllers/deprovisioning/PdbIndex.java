package dev.dovetail.controllers.deprovisioning;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PodDisruptionBudgets of the cluster, asked which one keeps a pod from being evicted now: one
 * that selects it and allows no disruption. An unhealthy pod is not held back by a budget whose
 * unhealthy-pod eviction policy is {@code AlwaysAllow}.
 */
final class PdbIndex {
  private final List<PodDisruptionBudget> budgets;

  PdbIndex(List<PodDisruptionBudget> budgets) {
    this.budgets = List.copyOf(budgets);
  }

  /** The {@code namespace/name} of the budget that blocks evicting {@code pod}, if any. */
  Optional<String> blocking(Pod pod) {
    for (PodDisruptionBudget pdb : budgets) {
      if (!pdb.getMetadata().getNamespace().equals(pod.getMetadata().getNamespace())
          || pdb.getSpec() == null
          || !matches(pdb.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        continue;
      }
      int allowed =
          pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null
              ? 0
              : pdb.getStatus().getDisruptionsAllowed();
      if (allowed > 0) {
        continue;
      }
      if ("AlwaysAllow".equals(pdb.getSpec().getUnhealthyPodEvictionPolicy()) && !ready(pod)) {
        continue;
      }
      return Optional.of(pdb.getMetadata().getNamespace() + "/" + pdb.getMetadata().getName());
    }
    return Optional.empty();
  }

  private static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  /** Kubernetes selector semantics; a null selector selects nothing, an empty one everything. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = l.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && values.contains(v);
              case "NotIn" -> v == null || !values.contains(v);
              case "Exists" -> v != null;
              case "DoesNotExist" -> v == null;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
