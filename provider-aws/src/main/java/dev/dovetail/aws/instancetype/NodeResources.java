package dev.dovetail.aws.instancetype;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's capacity and the overhead subtracted from it, in {@link ResourceUnits} (cpu in
 * millicores, the rest in base units). {@code allocatable = capacity − kubeReserved −
 * systemReserved − eviction}.
 */
public record NodeResources(
    Map<String, Long> capacity,
    Map<String, Long> kubeReserved,
    Map<String, Long> systemReserved,
    Map<String, Long> evictionThreshold) {

  /** Copies the maps into sorted, unmodifiable ones. */
  public NodeResources {
    capacity = sorted(capacity);
    kubeReserved = sorted(kubeReserved);
    systemReserved = sorted(systemReserved);
    evictionThreshold = sorted(evictionThreshold);
  }

  /** Sum of kube-reserved, system-reserved and the eviction threshold, per resource. */
  public Map<String, Long> overhead() {
    Map<String, Long> sum = new TreeMap<>();
    for (Map<String, Long> part : List.of(kubeReserved, systemReserved, evictionThreshold)) {
      part.forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    return Collections.unmodifiableMap(sum);
  }

  /** Capacity minus overhead, never below zero; resources with zero capacity are dropped. */
  public Map<String, Long> allocatable() {
    Map<String, Long> overhead = overhead();
    Map<String, Long> result = new TreeMap<>();
    capacity.forEach(
        (k, v) -> {
          if (v > 0) {
            result.put(k, Math.max(0, v - overhead.getOrDefault(k, 0L)));
          }
        });
    return Collections.unmodifiableMap(result);
  }

  /** One allocatable value, 0 when absent. */
  public long allocatable(String resource) {
    return allocatable().getOrDefault(resource, 0L);
  }

  private static Map<String, Long> sorted(Map<String, Long> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m == null ? Map.of() : m));
  }
}
