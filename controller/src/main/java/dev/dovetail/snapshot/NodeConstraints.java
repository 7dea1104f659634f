package dev.dovetail.snapshot;

import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes node selector requirements and taints as the engine's values: the one translation that
 * Provisioners, Machines and pods' node affinity all use.
 */
public final class NodeConstraints {
  private NodeConstraints() {}

  /** The engine's requirements; null means none. */
  public static List<Requirement> requirements(List<NodeSelectorRequirement> requirements) {
    List<Requirement> result = new ArrayList<>();
    if (requirements != null) {
      for (NodeSelectorRequirement r : requirements) {
        result.add(
            Requirement.of(
                r.getKey(),
                Operator.fromKubernetes(r.getOperator()),
                r.getValues() == null ? List.of() : r.getValues()));
      }
    }
    return result;
  }

  /** The engine's taints; null means none. */
  public static List<Taint> taints(List<io.fabric8.kubernetes.api.model.Taint> taints) {
    if (taints == null) {
      return List.of();
    }
    return taints.stream()
        .map(t -> new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())))
        .toList();
  }
}
