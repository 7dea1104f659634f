package dev.dovetail.aws.api.v1alpha1;

import dev.dovetail.scheduling.WellKnownLabels;
import java.util.Set;

/**
 * The AWS well-known labels a requirement or a pod selector may name: the {@code
 * karpenter.k8s.aws/instance-*} attributes of instance types, plus the Windows build label.
 */
public final class AwsLabels {
  /** The label domain the AWS provider reserves. */
  public static final String DOMAIN = "karpenter.k8s.aws";

  public static final String PREFIX = DOMAIN + "/";

  public static final String INSTANCE_CATEGORY = PREFIX + "instance-category";
  public static final String INSTANCE_FAMILY = PREFIX + "instance-family";
  public static final String INSTANCE_GENERATION = PREFIX + "instance-generation";
  public static final String INSTANCE_SIZE = PREFIX + "instance-size";
  public static final String INSTANCE_CPU = PREFIX + "instance-cpu";
  public static final String INSTANCE_MEMORY = PREFIX + "instance-memory";
  public static final String INSTANCE_NETWORK_BANDWIDTH = PREFIX + "instance-network-bandwidth";
  public static final String INSTANCE_PODS = PREFIX + "instance-pods";
  public static final String INSTANCE_LOCAL_NVME = PREFIX + "instance-local-nvme";
  public static final String INSTANCE_HYPERVISOR = PREFIX + "instance-hypervisor";
  public static final String INSTANCE_ENCRYPTION_IN_TRANSIT =
      PREFIX + "instance-encryption-in-transit-supported";
  public static final String INSTANCE_GPU_NAME = PREFIX + "instance-gpu-name";
  public static final String INSTANCE_GPU_MANUFACTURER = PREFIX + "instance-gpu-manufacturer";
  public static final String INSTANCE_GPU_COUNT = PREFIX + "instance-gpu-count";
  public static final String INSTANCE_GPU_MEMORY = PREFIX + "instance-gpu-memory";
  public static final String INSTANCE_ACCELERATOR_NAME = PREFIX + "instance-accelerator-name";
  public static final String INSTANCE_ACCELERATOR_MANUFACTURER =
      PREFIX + "instance-accelerator-manufacturer";
  public static final String INSTANCE_ACCELERATOR_COUNT = PREFIX + "instance-accelerator-count";

  /** Every AWS label a requirement or a pod selector may name. */
  public static final Set<String> ALL =
      Set.of(
          INSTANCE_CATEGORY,
          INSTANCE_FAMILY,
          INSTANCE_GENERATION,
          INSTANCE_SIZE,
          INSTANCE_CPU,
          INSTANCE_MEMORY,
          INSTANCE_NETWORK_BANDWIDTH,
          INSTANCE_PODS,
          INSTANCE_LOCAL_NVME,
          INSTANCE_HYPERVISOR,
          INSTANCE_ENCRYPTION_IN_TRANSIT,
          INSTANCE_GPU_NAME,
          INSTANCE_GPU_MANUFACTURER,
          INSTANCE_GPU_COUNT,
          INSTANCE_GPU_MEMORY,
          INSTANCE_ACCELERATOR_NAME,
          INSTANCE_ACCELERATOR_MANUFACTURER,
          INSTANCE_ACCELERATOR_COUNT,
          WellKnownLabels.WINDOWS_BUILD);

  private AwsLabels() {}
}
