package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resource arithmetic as kube-scheduler does it: a pod requests, per resource, the larger of the
 * sum over its containers and the largest init container, plus its overhead; every pod also takes
 * one of the node's {@code pods}. Amounts are exact decimals (cores, bytes, counts).
 */
public final class PodRequests {
  private PodRequests() {}

  /** The pod's effective requests, including {@code pods: 1}. */
  public static Map<String, BigDecimal> of(Pod pod) {
    Map<String, BigDecimal> sum = new TreeMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      add(sum, requests(c));
    }
    for (Container c : pod.getSpec().getInitContainers()) {
      requests(c).forEach((name, value) -> sum.merge(name, value, BigDecimal::max));
    }
    if (pod.getSpec().getOverhead() != null) {
      add(sum, amounts(pod.getSpec().getOverhead()));
    }
    sum.merge("pods", BigDecimal.ONE, BigDecimal::add);
    return sum;
  }

  private static Map<String, BigDecimal> requests(Container container) {
    if (container.getResources() == null) {
      return Map.of();
    }
    Map<String, Quantity> requests = container.getResources().getRequests();
    // As the API server defaults them, limits stand in for missing requests.
    Map<String, Quantity> limits = container.getResources().getLimits();
    Map<String, BigDecimal> result = new TreeMap<>();
    if (limits != null) {
      result.putAll(amounts(limits));
    }
    if (requests != null) {
      result.putAll(amounts(requests));
    }
    return result;
  }

  /** Converts quantities to decimal amounts. */
  public static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> result = new TreeMap<>();
    if (quantities != null) {
      quantities.forEach((name, q) -> result.put(name, Quantity.getAmountInBytes(q)));
    }
    return result;
  }

  /** Adds {@code more} into {@code total}. */
  public static void add(Map<String, BigDecimal> total, Map<String, BigDecimal> more) {
    more.forEach((name, value) -> total.merge(name, value, BigDecimal::add));
  }
}
