package dev.dovetail.aws.amifamily;

import java.util.Arrays;

/**
 * The AMI families an AWSNodeTemplate may name. Each family decides how the node's capacity and
 * overhead are computed (which kubelet features it honours) and, elsewhere, its default AMIs and
 * user data.
 */
public enum AmiFamily {
  AL2("AL2", true, true, true, true),
  AL2023("AL2023", true, true, true, false),
  BOTTLEROCKET("Bottlerocket", true, false, false, false),
  UBUNTU("Ubuntu", true, true, true, true),
  WINDOWS2019("Windows2019", false, true, true, false),
  WINDOWS2022("Windows2022", false, true, true, false),
  CUSTOM("Custom", true, true, true, true);

  private final String specName;
  private final boolean eniLimitedPodDensity;
  private final boolean podsPerCore;
  private final boolean evictionSoft;
  private final boolean kubeReservedFromEniLimitedPods;

  AmiFamily(
      String specName,
      boolean eniLimitedPodDensity,
      boolean podsPerCore,
      boolean evictionSoft,
      boolean kubeReservedFromEniLimitedPods) {
    this.specName = specName;
    this.eniLimitedPodDensity = eniLimitedPodDensity;
    this.podsPerCore = podsPerCore;
    this.evictionSoft = evictionSoft;
    this.kubeReservedFromEniLimitedPods = kubeReservedFromEniLimitedPods;
  }

  /** The spelling used in {@code spec.amiFamily}. */
  public String specName() {
    return specName;
  }

  /** Whether max pods follows the ENI limit when {@code aws.enableENILimitedPodDensity} is on. */
  public boolean supportsEniLimitedPodDensity() {
    return eniLimitedPodDensity;
  }

  /** Whether {@code kubeletConfiguration.podsPerCore} is honoured (not on Bottlerocket). */
  public boolean supportsPodsPerCore() {
    return podsPerCore;
  }

  /** Whether {@code kubeletConfiguration.evictionSoft} is honoured (not on Bottlerocket). */
  public boolean supportsEvictionSoft() {
    return evictionSoft;
  }

  /**
   * Whether kube-reserved memory is computed from the ENI-limited pod count even when maxPods is
   * overridden (the EKS bootstrap script does this); otherwise the real pod count is used.
   */
  public boolean kubeReservedFromEniLimitedPods() {
    return kubeReservedFromEniLimitedPods;
  }

  /** True for the Windows families. */
  public boolean isWindows() {
    return this == WINDOWS2019 || this == WINDOWS2022;
  }

  /**
   * Parses {@code spec.amiFamily}; null or empty means AL2 (the upstream default).
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static AmiFamily fromSpec(String value) {
    if (value == null || value.isEmpty()) {
      return AL2;
    }
    for (AmiFamily f : values()) {
      if (f.specName.equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "amiFamily '"
            + value
            + "' is not one of "
            + Arrays.stream(values()).map(AmiFamily::specName).toList());
  }
}
