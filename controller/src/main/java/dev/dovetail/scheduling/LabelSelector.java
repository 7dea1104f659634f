package dev.dovetail.scheduling;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pod label selector ({@code matchLabels} and {@code matchExpressions}), used by topology spread
 * and pod (anti-)affinity. An empty selector matches every pod.
 *
 * @param matchLabels labels that must be present with these values
 * @param matchExpressions In, NotIn, Exists and DoesNotExist expressions on pod labels
 */
public record LabelSelector(
    SortedMap<String, String> matchLabels, List<Requirement> matchExpressions) {
  public static final LabelSelector EVERYTHING = new LabelSelector(new TreeMap<>(), List.of());

  public LabelSelector {
    matchLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(matchLabels));
    matchExpressions = List.copyOf(matchExpressions);
  }

  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(new TreeMap<>(matchLabels), List.of());
  }

  public static LabelSelector of(String key, String value) {
    return of(Map.of(key, value));
  }

  /** True when a pod with these labels is selected. */
  public boolean matches(Map<String, String> labels) {
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : matchExpressions) {
      String value = labels.get(r.key());
      if (value == null) {
        Operator op = r.operator();
        if (op != Operator.NOT_IN && op != Operator.DOES_NOT_EXIST) {
          return false;
        }
      } else if (!r.allows(value)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    matchLabels.forEach(
        (k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
    for (Requirement r : matchExpressions) {
      sb.append(sb.isEmpty() ? "" : ",").append(r);
    }
    return sb.isEmpty() ? "<all pods>" : sb.toString();
  }
}
