package dev.dovetail.aws.instancetype;

import static dev.dovetail.aws.instancetype.ResourceUnits.CPU;
import static dev.dovetail.aws.instancetype.ResourceUnits.EPHEMERAL_STORAGE;
import static dev.dovetail.aws.instancetype.ResourceUnits.GIB;
import static dev.dovetail.aws.instancetype.ResourceUnits.MEMORY;
import static dev.dovetail.aws.instancetype.ResourceUnits.MIB;
import static dev.dovetail.aws.instancetype.ResourceUnits.PODS;

import dev.dovetail.aws.amifamily.AmiFamily;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes a node's capacity and allocatable resources from EC2 facts, the AMI family, the kubelet
 * configuration and the global settings, following the upstream EKS/Karpenter overhead model:
 *
 * <ul>
 *   <li>memory: EC2 MiB, minus 64 MiB on arm64 (CMA), minus ⌈vmMemoryOverheadPercent⌉ of the rest;
 *   <li>pods: maxPods, else the ENI limit {@code (ENIs − reservedENIs) × (IPv4 per ENI − 1) + 2},
 *       else 110, capped by podsPerCore × vCPUs;
 *   <li>kube-reserved: cpu 6% of the first core, 1% of the second, 0.5% of cores 3–4, 0.25% above;
 *       memory 11 MiB per pod + 255 MiB; ephemeral-storage 1 GiB; overridden per key;
 *   <li>eviction: memory 100 MiB, nodefs 10% of ephemeral storage, overridden by the largest of
 *       evictionHard and evictionSoft.
 * </ul>
 *
 * Pure: no I/O, no clock.
 */
public final class CapacityModel {
  /** Default root volume size that backs ephemeral storage. */
  public static final long DEFAULT_EPHEMERAL_STORAGE_BYTES = 20 * GIB;

  public static final String NVIDIA_GPU = "nvidia.com/gpu";
  public static final String AMD_GPU = "amd.com/gpu";
  public static final String HABANA_GAUDI = "habana.ai/gaudi";
  public static final String AWS_NEURON = "aws.amazon.com/neuron";
  public static final String POD_ENI = "vpc.amazonaws.com/pod-eni";
  public static final String PRIVATE_IPV4 = "vpc.amazonaws.com/PrivateIPv4Address";

  private static final long ARM64_CMA_MIB = 64;
  private static final int DEFAULT_MAX_PODS = 110;
  private static final Set<String> RESERVABLE = Set.of(CPU, MEMORY, EPHEMERAL_STORAGE, "pid");
  private static final String MEMORY_AVAILABLE = "memory.available";
  private static final String NODEFS_AVAILABLE = "nodefs.available";

  private final CapacitySettings settings;

  public CapacityModel(CapacitySettings settings) {
    this.settings = settings;
  }

  /** The settings this model applies. */
  public CapacitySettings settings() {
    return settings;
  }

  /** Capacity and overhead of one type with the default 20 GiB root volume. */
  public NodeResources compute(InstanceTypeSpec spec, AmiFamily family, KubeletConfig kubelet) {
    return compute(spec, family, kubelet, DEFAULT_EPHEMERAL_STORAGE_BYTES);
  }

  /** Capacity and overhead of one type, ephemeral storage backed by a volume of the given size. */
  public NodeResources compute(
      InstanceTypeSpec spec, AmiFamily family, KubeletConfig kubelet, long ephemeralStorageBytes) {
    Map<String, Long> capacity = new LinkedHashMap<>();
    capacity.put(CPU, spec.vcpus() * 1000L);
    capacity.put(MEMORY, memoryMib(spec) * MIB);
    capacity.put(EPHEMERAL_STORAGE, ephemeralStorageBytes);
    long pods = pods(spec, family, kubelet);
    capacity.put(PODS, pods);
    capacity.putAll(extendedResources(spec, family));

    return new NodeResources(
        capacity,
        kubeReserved(spec, family, kubelet, pods),
        reserved("systemReserved", kubelet.systemReserved()),
        evictionThreshold(capacity.get(MEMORY), ephemeralStorageBytes, family, kubelet));
  }

  /** Memory capacity in MiB after the arm64 CMA reservation and the VM overhead. */
  public long memoryMib(InstanceTypeSpec spec) {
    long mib = spec.memoryMib();
    if (spec.architecture().equals("arm64")) {
      mib -= ARM64_CMA_MIB;
    }
    long overhead =
        BigDecimal.valueOf(mib)
            .multiply(BigDecimal.valueOf(settings.vmMemoryOverheadPercent()))
            .setScale(0, RoundingMode.CEILING)
            .longValueExact();
    return mib - overhead;
  }

  /**
   * Pods by the ENI limit: (ENIs − reservedENIs) × (IPv4 per ENI − 1) + 2, at least 0; 110 when the
   * ENI limits of the type are unknown (0 ENIs).
   */
  public long eniLimitedPods(InstanceTypeSpec spec) {
    if (spec.maxEnis() == 0) {
      return DEFAULT_MAX_PODS;
    }
    long enis = Math.max(0, spec.maxEnis() - settings.reservedEnis());
    return Math.max(0, enis * Math.max(0, spec.ipv4PerEni() - 1) + 2);
  }

  /** The pod capacity after maxPods, ENI density and podsPerCore. */
  public long pods(InstanceTypeSpec spec, AmiFamily family, KubeletConfig kubelet) {
    long pods;
    if (kubelet.maxPods().isPresent()) {
      pods = kubelet.maxPods().get();
    } else if (settings.eniLimitedPodDensity() && family.supportsEniLimitedPodDensity()) {
      pods = eniLimitedPods(spec);
    } else {
      pods = DEFAULT_MAX_PODS;
    }
    if (family.supportsPodsPerCore()
        && kubelet.podsPerCore().isPresent()
        && kubelet.podsPerCore().get() > 0) {
      pods = Math.min(pods, (long) kubelet.podsPerCore().get() * spec.vcpus());
    }
    return pods;
  }

  /**
   * kube-reserved cpu in millicores: 6% of core 1, 1% of core 2, 0.5% of cores 3–4, 0.25% above.
   */
  public static long kubeReservedCpuMillis(int vcpus) {
    // tenths of a millicore keep the 0.25% tier (2.5m per core) exact
    long tenths = 0;
    for (int core = 1; core <= vcpus; core++) {
      if (core == 1) {
        tenths += 600;
      } else if (core == 2) {
        tenths += 100;
      } else if (core <= 4) {
        tenths += 50;
      } else {
        tenths += 25;
      }
    }
    return (tenths + 9) / 10;
  }

  private Map<String, Long> kubeReserved(
      InstanceTypeSpec spec, AmiFamily family, KubeletConfig kubelet, long pods) {
    long podsForMemory = family.kubeReservedFromEniLimitedPods() ? eniLimitedPods(spec) : pods;
    Map<String, Long> reserved = new LinkedHashMap<>();
    reserved.put(CPU, kubeReservedCpuMillis(spec.vcpus()));
    reserved.put(MEMORY, (11 * podsForMemory + 255) * MIB);
    reserved.put(EPHEMERAL_STORAGE, GIB);
    reserved.putAll(reserved("kubeReserved", kubelet.kubeReserved()));
    return reserved;
  }

  private static Map<String, Long> reserved(String field, Map<String, String> values) {
    Map<String, Long> result = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (!RESERVABLE.contains(key)) {
            throw new IllegalArgumentException(
                "kubeletConfiguration."
                    + field
                    + ": key '"
                    + key
                    + "' is not one of cpu, memory, ephemeral-storage, pid");
          }
          try {
            result.put(key, ResourceUnits.parse(key, value));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "kubeletConfiguration." + field + "." + e.getMessage(), e);
          }
        });
    return result;
  }

  private static Map<String, Long> evictionThreshold(
      long memoryBytes, long storageBytes, AmiFamily family, KubeletConfig kubelet) {
    Map<String, Long> threshold = new LinkedHashMap<>();
    threshold.put(MEMORY, 100 * MIB);
    threshold.put(EPHEMERAL_STORAGE, percentOf(storageBytes, BigDecimal.TEN));
    Map<String, Long> override = new LinkedHashMap<>();
    applySignals("evictionHard", kubelet.evictionHard(), memoryBytes, storageBytes, override);
    if (family.supportsEvictionSoft()) {
      applySignals("evictionSoft", kubelet.evictionSoft(), memoryBytes, storageBytes, override);
    }
    threshold.putAll(override);
    return threshold;
  }

  private static void applySignals(
      String field,
      Map<String, String> signals,
      long memoryBytes,
      long storageBytes,
      Map<String, Long> into) {
    String memory = signals.get(MEMORY_AVAILABLE);
    if (memory != null) {
      into.merge(MEMORY, signal(field, MEMORY_AVAILABLE, memory, memoryBytes), Math::max);
    }
    String nodefs = signals.get(NODEFS_AVAILABLE);
    if (nodefs != null) {
      into.merge(
          EPHEMERAL_STORAGE, signal(field, NODEFS_AVAILABLE, nodefs, storageBytes), Math::max);
    }
  }

  private static long signal(String field, String signal, String value, long capacityBytes) {
    String v = value.trim();
    if (v.endsWith("%")) {
      BigDecimal percent;
      try {
        percent = new BigDecimal(v.substring(0, v.length() - 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "kubeletConfiguration." + field + "." + signal + ": '" + value + "' is not a percent");
      }
      if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException(
            "kubeletConfiguration." + field + "." + signal + ": percent must be in 0..100");
      }
      // kubelet treats 100% as "signal disabled"
      if (percent.compareTo(BigDecimal.valueOf(100)) == 0) {
        return 0;
      }
      return percentOf(capacityBytes, percent);
    }
    try {
      return ResourceUnits.parse(signal.toLowerCase(Locale.ROOT), v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kubeletConfiguration." + field + "." + e.getMessage(), e);
    }
  }

  private static long percentOf(long value, BigDecimal percent) {
    return BigDecimal.valueOf(value)
        .multiply(percent)
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
        .longValueExact();
  }

  private Map<String, Long> extendedResources(InstanceTypeSpec spec, AmiFamily family) {
    Map<String, Long> extended = new LinkedHashMap<>();
    if (spec.gpuCount() > 0) {
      String maker = spec.gpuManufacturer().toLowerCase(Locale.ROOT);
      if (maker.equals("nvidia")) {
        extended.put(NVIDIA_GPU, (long) spec.gpuCount());
      } else if (maker.equals("amd")) {
        extended.put(AMD_GPU, (long) spec.gpuCount());
      } else if (maker.equals("habana")) {
        extended.put(HABANA_GAUDI, (long) spec.gpuCount());
      }
    }
    if (spec.acceleratorCount() > 0 && spec.acceleratorManufacturer().equalsIgnoreCase("AWS")) {
      extended.put(AWS_NEURON, (long) spec.acceleratorCount());
    }
    if (settings.podEni() && spec.branchEnis() > 0) {
      extended.put(POD_ENI, (long) spec.branchEnis());
    }
    if (family.isWindows() && spec.ipv4PerEni() > 1) {
      extended.put(PRIVATE_IPV4, (long) spec.ipv4PerEni() - 1);
    }
    return extended;
  }
}
