package dev.dovetail.aws.instancetype;

import java.util.Map;
import java.util.TreeMap;

/** The well-known and {@code karpenter.k8s.aws/instance-*} labels an instance type carries. */
public final class InstanceTypeLabels {
  public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  public static final String ARCH = "kubernetes.io/arch";
  public static final String OS = "kubernetes.io/os";
  public static final String REGION = "topology.kubernetes.io/region";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String CAPACITY_TYPE = "karpenter.sh/capacity-type";

  private static final String AWS = "karpenter.k8s.aws/";
  public static final String HYPERVISOR = AWS + "instance-hypervisor";
  public static final String CATEGORY = AWS + "instance-category";
  public static final String FAMILY = AWS + "instance-family";
  public static final String GENERATION = AWS + "instance-generation";
  public static final String SIZE = AWS + "instance-size";
  public static final String CPU = AWS + "instance-cpu";
  public static final String MEMORY = AWS + "instance-memory";
  public static final String NETWORK_BANDWIDTH = AWS + "instance-network-bandwidth";
  public static final String PODS = AWS + "instance-pods";
  public static final String LOCAL_NVME = AWS + "instance-local-nvme";
  public static final String GPU_NAME = AWS + "instance-gpu-name";
  public static final String GPU_MANUFACTURER = AWS + "instance-gpu-manufacturer";
  public static final String GPU_COUNT = AWS + "instance-gpu-count";
  public static final String GPU_MEMORY = AWS + "instance-gpu-memory";
  public static final String ACCELERATOR_NAME = AWS + "instance-accelerator-name";
  public static final String ACCELERATOR_MANUFACTURER = AWS + "instance-accelerator-manufacturer";
  public static final String ACCELERATOR_COUNT = AWS + "instance-accelerator-count";

  private InstanceTypeLabels() {}

  /**
   * Labels of one type in a region. Values that do not apply (no GPU, unknown bandwidth) are left
   * out, as upstream does; names and manufacturers are lower-cased.
   */
  public static Map<String, String> of(InstanceTypeSpec spec, String region, long pods) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(INSTANCE_TYPE, spec.name());
    labels.put(ARCH, spec.kubernetesArch());
    labels.put(OS, spec.defaultOperatingSystem());
    if (region != null && !region.isEmpty()) {
      labels.put(REGION, region);
    }
    labels.put(HYPERVISOR, spec.hypervisor());
    putIfNotEmpty(labels, CATEGORY, spec.category());
    labels.put(FAMILY, spec.family());
    putIfNotEmpty(labels, GENERATION, spec.generation());
    labels.put(SIZE, spec.size());
    labels.put(CPU, Integer.toString(spec.vcpus()));
    labels.put(MEMORY, Long.toString(spec.memoryMib()));
    labels.put(PODS, Long.toString(pods));
    spec.networkBandwidthMbps().ifPresent(v -> labels.put(NETWORK_BANDWIDTH, Long.toString(v)));
    if (spec.localNvmeGb() > 0) {
      labels.put(LOCAL_NVME, Long.toString(spec.localNvmeGb()));
    }
    if (spec.gpuCount() > 0) {
      labels.put(GPU_NAME, lower(spec.gpuName()));
      labels.put(GPU_MANUFACTURER, lower(spec.gpuManufacturer()));
      labels.put(GPU_COUNT, Integer.toString(spec.gpuCount()));
      labels.put(GPU_MEMORY, Long.toString(spec.gpuMemoryMib()));
    }
    if (spec.acceleratorCount() > 0) {
      labels.put(ACCELERATOR_NAME, lower(spec.acceleratorName()));
      labels.put(ACCELERATOR_MANUFACTURER, lower(spec.acceleratorManufacturer()));
      labels.put(ACCELERATOR_COUNT, Integer.toString(spec.acceleratorCount()));
    }
    return labels;
  }

  private static void putIfNotEmpty(Map<String, String> labels, String key, String value) {
    if (!value.isEmpty()) {
      labels.put(key, value);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }
}
