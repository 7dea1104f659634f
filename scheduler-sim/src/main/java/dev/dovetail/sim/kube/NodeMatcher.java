package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The node filters of kube-scheduler that decide where a pod may go: {@code nodeSelector}, required
 * node affinity ({@code matchExpressions} with In, NotIn, Exists, DoesNotExist, Gt, Lt and {@code
 * matchFields} on {@code metadata.name}), and taints against tolerations.
 */
public final class NodeMatcher {
  private NodeMatcher() {}

  /** Whether {@code nodeSelector} and required node affinity both allow {@code node}. */
  public static boolean selects(Pod pod, Node node) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    if (selector != null) {
      for (Map.Entry<String, String> e : selector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (pod.getSpec().getAffinity() == null
        || pod.getSpec().getAffinity().getNodeAffinity() == null
        || pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
            == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        pod.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    // Terms are ORed; an empty list of terms matches nothing.
    return terms.stream().anyMatch(t -> matches(t, node.getMetadata().getName(), labels));
  }

  private static boolean matches(
      NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
    if (term.getMatchExpressions().isEmpty() && term.getMatchFields().isEmpty()) {
      return false;
    }
    for (NodeSelectorRequirement r : term.getMatchExpressions()) {
      if (!matches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : term.getMatchFields()) {
      if (!r.getKey().equals("metadata.name") || !matches(r, nodeName, true)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt" -> present && compare(value, values) > 0;
      case "Lt" -> present && compare(value, values) < 0;
      default -> false;
    };
  }

  private static int compare(String value, List<String> values) {
    try {
      return Long.compare(Long.parseLong(value), Long.parseLong(values.getFirst()));
    } catch (RuntimeException e) {
      // Not integers: the requirement cannot match, as upstream treats a parse error.
      return 0;
    }
  }

  /**
   * The first taint with effect NoSchedule or NoExecute that the pod does not tolerate, or null.
   */
  public static Taint untolerated(Pod pod, Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return null;
    }
    List<Toleration> tolerations =
        pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    for (Taint taint : node.getSpec().getTaints()) {
      if ("PreferNoSchedule".equals(taint.getEffect())) {
        continue;
      }
      if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
        return taint;
      }
    }
    return null;
  }

  /**
   * Whether {@code toleration} tolerates {@code taint}, as {@code v1.Toleration.ToleratesTaint}.
   */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    if (toleration.getEffect() != null
        && !toleration.getEffect().isEmpty()
        && !toleration.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (toleration.getKey() != null
        && !toleration.getKey().isEmpty()
        && !toleration.getKey().equals(taint.getKey())) {
      return false;
    }
    String operator = toleration.getOperator() == null ? "Equal" : toleration.getOperator();
    return switch (operator) {
      case "Exists" -> true;
      case "Equal", "" ->
          Objects.equals(
              toleration.getValue() == null ? "" : toleration.getValue(),
              taint.getValue() == null ? "" : taint.getValue());
      default -> false;
    };
  }
}
