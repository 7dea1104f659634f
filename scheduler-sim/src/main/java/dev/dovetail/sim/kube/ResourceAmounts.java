package dev.dovetail.sim.kube;

import dev.dovetail.api.validation.Quantities;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.snapshot.PodRequests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resource arithmetic for the simulators in exact decimals (cores, bytes, counts): a pod's requests
 * are the core's {@link PodRequests} (containers, init containers, native sidecars, overhead) plus
 * one of the node's {@code pods}.
 */
public final class ResourceAmounts {
  private ResourceAmounts() {}

  /** The pod's effective requests, including {@code pods: 1}. */
  public static Map<String, BigDecimal> requests(Pod pod) {
    Resources requests = PodRequests.withPodSlot(pod.getSpec());
    Map<String, BigDecimal> result = new TreeMap<>();
    for (String name : requests.names()) {
      long amount = requests.get(name);
      result.put(
          name,
          Resources.CPU.equals(name) ? BigDecimal.valueOf(amount, 3) : BigDecimal.valueOf(amount));
    }
    return result;
  }

  /** Converts quantities to decimal amounts. */
  public static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> result = new TreeMap<>();
    if (quantities != null) {
      quantities.forEach((name, q) -> result.put(name, Quantities.parse(q)));
    }
    return result;
  }

  /** Adds {@code more} into {@code total}. */
  public static void add(Map<String, BigDecimal> total, Map<String, BigDecimal> more) {
    more.forEach((name, value) -> total.merge(name, value, BigDecimal::add));
  }
}
