package dev.dovetail.aws.instancetype;

import java.util.Map;
import java.util.Optional;

/**
 * The parts of a Provisioner's {@code kubeletConfiguration} that change a node's capacity or
 * overhead. Quantity values are Kubernetes quantity strings; eviction values may also be
 * percentages.
 *
 * @param maxPods overrides the pod capacity
 * @param podsPerCore caps pods at podsPerCore × vCPUs where the AMI family supports it (0 = off)
 * @param kubeReserved per-key override of kube-reserved (cpu, memory, ephemeral-storage, pid)
 * @param systemReserved system-reserved (nothing by default)
 * @param evictionHard hard eviction thresholds by signal ({@code memory.available}, ...)
 * @param evictionSoft soft eviction thresholds by signal
 */
public record KubeletSettings(
    Optional<Integer> maxPods,
    Optional<Integer> podsPerCore,
    Map<String, String> kubeReserved,
    Map<String, String> systemReserved,
    Map<String, String> evictionHard,
    Map<String, String> evictionSoft) {

  /** No overrides. */
  public static final KubeletSettings DEFAULTS =
      new KubeletSettings(
          Optional.empty(), Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of());

  /** Validates non-negative counts and copies the maps. */
  public KubeletSettings {
    maxPods = maxPods == null ? Optional.empty() : maxPods;
    podsPerCore = podsPerCore == null ? Optional.empty() : podsPerCore;
    maxPods.ifPresent(v -> requireNonNegative("maxPods", v));
    podsPerCore.ifPresent(v -> requireNonNegative("podsPerCore", v));
    kubeReserved = kubeReserved == null ? Map.of() : Map.copyOf(kubeReserved);
    systemReserved = systemReserved == null ? Map.of() : Map.copyOf(systemReserved);
    evictionHard = evictionHard == null ? Map.of() : Map.copyOf(evictionHard);
    evictionSoft = evictionSoft == null ? Map.of() : Map.copyOf(evictionSoft);
  }

  public KubeletSettings withMaxPods(int v) {
    return new KubeletSettings(
        Optional.of(v), podsPerCore, kubeReserved, systemReserved, evictionHard, evictionSoft);
  }

  public KubeletSettings withPodsPerCore(int v) {
    return new KubeletSettings(
        maxPods, Optional.of(v), kubeReserved, systemReserved, evictionHard, evictionSoft);
  }

  public KubeletSettings withKubeReserved(Map<String, String> v) {
    return new KubeletSettings(maxPods, podsPerCore, v, systemReserved, evictionHard, evictionSoft);
  }

  public KubeletSettings withSystemReserved(Map<String, String> v) {
    return new KubeletSettings(maxPods, podsPerCore, kubeReserved, v, evictionHard, evictionSoft);
  }

  public KubeletSettings withEvictionHard(Map<String, String> v) {
    return new KubeletSettings(maxPods, podsPerCore, kubeReserved, systemReserved, v, evictionSoft);
  }

  public KubeletSettings withEvictionSoft(Map<String, String> v) {
    return new KubeletSettings(maxPods, podsPerCore, kubeReserved, systemReserved, evictionHard, v);
  }

  private static void requireNonNegative(String field, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(
          "kubeletConfiguration." + field + " must be >= 0, got " + v);
    }
  }
}
