package dev.dovetail.aws.instancetype;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.validation.Quantities;
import dev.dovetail.units.GoDuration;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * @param evictionSoftGracePeriod grace period per soft signal (durations such as {@code 1m30s})
 * @param evictionMaxPodGracePeriod seconds, for soft evictions
 * @param clusterDns cluster DNS addresses to pass to the kubelet
 * @param containerRuntime {@code containerd} or {@code dockerd}; empty for the AMI default
 * @param imageGcHighThresholdPercent image GC high threshold
 * @param imageGcLowThresholdPercent image GC low threshold
 * @param cpuCfsQuota whether CPU CFS quota is enforced
 */
public record KubeletConfig(
    Optional<Integer> maxPods,
    Optional<Integer> podsPerCore,
    Map<String, String> kubeReserved,
    Map<String, String> systemReserved,
    Map<String, String> evictionHard,
    Map<String, String> evictionSoft,
    Map<String, String> evictionSoftGracePeriod,
    Optional<Integer> evictionMaxPodGracePeriod,
    List<String> clusterDns,
    Optional<String> containerRuntime,
    Optional<Integer> imageGcHighThresholdPercent,
    Optional<Integer> imageGcLowThresholdPercent,
    Optional<Boolean> cpuCfsQuota) {

  /** No overrides. */
  public static final KubeletConfig DEFAULTS =
      new KubeletConfig(
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /** The capacity-related fields only; the rest default. */
  public KubeletConfig(
      Optional<Integer> maxPods,
      Optional<Integer> podsPerCore,
      Map<String, String> kubeReserved,
      Map<String, String> systemReserved,
      Map<String, String> evictionHard,
      Map<String, String> evictionSoft) {
    this(
        maxPods,
        podsPerCore,
        kubeReserved,
        systemReserved,
        evictionHard,
        evictionSoft,
        Map.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Validates non-negative counts and copies the maps. */
  public KubeletConfig {
    maxPods = maxPods == null ? Optional.empty() : maxPods;
    podsPerCore = podsPerCore == null ? Optional.empty() : podsPerCore;
    maxPods.ifPresent(v -> requireNonNegative("maxPods", v));
    podsPerCore.ifPresent(v -> requireNonNegative("podsPerCore", v));
    kubeReserved = kubeReserved == null ? Map.of() : Map.copyOf(kubeReserved);
    systemReserved = systemReserved == null ? Map.of() : Map.copyOf(systemReserved);
    evictionHard = evictionHard == null ? Map.of() : Map.copyOf(evictionHard);
    evictionSoft = evictionSoft == null ? Map.of() : Map.copyOf(evictionSoft);
    evictionSoftGracePeriod =
        evictionSoftGracePeriod == null ? Map.of() : Map.copyOf(evictionSoftGracePeriod);
    evictionMaxPodGracePeriod =
        evictionMaxPodGracePeriod == null ? Optional.empty() : evictionMaxPodGracePeriod;
    clusterDns = clusterDns == null ? List.of() : List.copyOf(clusterDns);
    containerRuntime = containerRuntime == null ? Optional.empty() : containerRuntime;
    imageGcHighThresholdPercent =
        imageGcHighThresholdPercent == null ? Optional.empty() : imageGcHighThresholdPercent;
    imageGcLowThresholdPercent =
        imageGcLowThresholdPercent == null ? Optional.empty() : imageGcLowThresholdPercent;
    cpuCfsQuota = cpuCfsQuota == null ? Optional.empty() : cpuCfsQuota;
  }

  /** A stable text of every field, for hashing into cache keys and launch-template names. */
  public String canonical() {
    return new TreeMap<>(
            Map.ofEntries(
                Map.entry("maxPods", String.valueOf(maxPods.orElse(null))),
                Map.entry("podsPerCore", String.valueOf(podsPerCore.orElse(null))),
                Map.entry("kubeReserved", new TreeMap<>(kubeReserved).toString()),
                Map.entry("systemReserved", new TreeMap<>(systemReserved).toString()),
                Map.entry("evictionHard", new TreeMap<>(evictionHard).toString()),
                Map.entry("evictionSoft", new TreeMap<>(evictionSoft).toString()),
                Map.entry(
                    "evictionSoftGracePeriod", new TreeMap<>(evictionSoftGracePeriod).toString()),
                Map.entry(
                    "evictionMaxPodGracePeriod",
                    String.valueOf(evictionMaxPodGracePeriod.orElse(null))),
                Map.entry("clusterDns", clusterDns.toString()),
                Map.entry("containerRuntime", String.valueOf(containerRuntime.orElse(null))),
                Map.entry("imageGcHigh", String.valueOf(imageGcHighThresholdPercent.orElse(null))),
                Map.entry("imageGcLow", String.valueOf(imageGcLowThresholdPercent.orElse(null))),
                Map.entry("cpuCfsQuota", String.valueOf(cpuCfsQuota.orElse(null)))))
        .toString();
  }

  public KubeletConfig withMaxPods(int v) {
    return copy().maxPods(Optional.of(v)).build();
  }

  public KubeletConfig withPodsPerCore(int v) {
    return copy().podsPerCore(Optional.of(v)).build();
  }

  public KubeletConfig withKubeReserved(Map<String, String> v) {
    return copy().kubeReserved(v).build();
  }

  public KubeletConfig withSystemReserved(Map<String, String> v) {
    return copy().systemReserved(v).build();
  }

  public KubeletConfig withEvictionHard(Map<String, String> v) {
    return copy().evictionHard(v).build();
  }

  public KubeletConfig withEvictionSoft(Map<String, String> v) {
    return copy().evictionSoft(v).build();
  }

  public KubeletConfig withClusterDns(List<String> v) {
    return copy().clusterDns(v).build();
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** Mutable copy used by the {@code with*} methods. */
  private static final class Copy {
    private Optional<Integer> maxPods;
    private Optional<Integer> podsPerCore;
    private Map<String, String> kubeReserved;
    private Map<String, String> systemReserved;
    private Map<String, String> evictionHard;
    private Map<String, String> evictionSoft;
    private List<String> clusterDns;
    private final KubeletConfig from;

    Copy(KubeletConfig k) {
      from = k;
      maxPods = k.maxPods;
      podsPerCore = k.podsPerCore;
      kubeReserved = k.kubeReserved;
      systemReserved = k.systemReserved;
      evictionHard = k.evictionHard;
      evictionSoft = k.evictionSoft;
      clusterDns = k.clusterDns;
    }

    Copy maxPods(Optional<Integer> v) {
      maxPods = v;
      return this;
    }

    Copy podsPerCore(Optional<Integer> v) {
      podsPerCore = v;
      return this;
    }

    Copy kubeReserved(Map<String, String> v) {
      kubeReserved = v;
      return this;
    }

    Copy systemReserved(Map<String, String> v) {
      systemReserved = v;
      return this;
    }

    Copy evictionHard(Map<String, String> v) {
      evictionHard = v;
      return this;
    }

    Copy evictionSoft(Map<String, String> v) {
      evictionSoft = v;
      return this;
    }

    Copy clusterDns(List<String> v) {
      clusterDns = v;
      return this;
    }

    KubeletConfig build() {
      return new KubeletConfig(
          maxPods,
          podsPerCore,
          kubeReserved,
          systemReserved,
          evictionHard,
          evictionSoft,
          from.evictionSoftGracePeriod,
          from.evictionMaxPodGracePeriod,
          clusterDns,
          from.containerRuntime,
          from.imageGcHighThresholdPercent,
          from.imageGcLowThresholdPercent,
          from.cpuCfsQuota);
    }
  }

  /**
   * Converts a Provisioner's or Machine's {@code kubeletConfiguration} (null = none): reserved
   * values become plain decimal quantity strings, grace periods whole seconds.
   *
   * @throws IllegalArgumentException naming the key when a value is not a quantity or duration
   */
  public static KubeletConfig from(KubeletConfiguration k) {
    if (k == null) {
      return DEFAULTS;
    }
    Map<String, String> grace = null;
    if (k.evictionSoftGracePeriod() != null) {
      grace = new TreeMap<>();
      for (Map.Entry<String, String> entry : k.evictionSoftGracePeriod().entrySet()) {
        grace.put(entry.getKey(), GoDuration.parse(entry.getValue()).toSeconds() + "s");
      }
    }
    return new KubeletConfig(
        Optional.ofNullable(k.maxPods()),
        Optional.ofNullable(k.podsPerCore()),
        quantities(k.kubeReserved()),
        quantities(k.systemReserved()),
        k.evictionHard(),
        k.evictionSoft(),
        grace,
        Optional.ofNullable(k.evictionMaxPodGracePeriod()),
        k.clusterDNS(),
        Optional.ofNullable(k.containerRuntime()),
        Optional.ofNullable(k.imageGCHighThresholdPercent()),
        Optional.ofNullable(k.imageGCLowThresholdPercent()),
        Optional.ofNullable(k.cpuCFSQuota()));
  }

  private static Map<String, String> quantities(Map<String, Quantity> values) {
    if (values == null) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> out.put(k, Quantities.require(k, v).stripTrailingZeros().toPlainString()));
    return out;
  }

  private static void requireNonNegative(String field, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(
          "kubeletConfiguration." + field + " must be >= 0, got " + v);
    }
  }
}
