package dev.dovetail.aws.instancetype;

/**
 * The global {@code settings.aws.*} values that feed the capacity model.
 *
 * @param vmMemoryOverheadPercent fraction of memory the hypervisor and OS keep (0.075 = 7.5%)
 * @param reservedEnis ENIs kept out of the pod-density computation
 * @param eniLimitedPodDensity whether max pods follows the ENI limit
 * @param podEni whether {@code vpc.amazonaws.com/pod-eni} is advertised
 */
public record CapacitySettings(
    double vmMemoryOverheadPercent,
    int reservedEnis,
    boolean eniLimitedPodDensity,
    boolean podEni) {

  /** The upstream defaults. */
  public static final CapacitySettings DEFAULTS = new CapacitySettings(0.075, 0, true, false);

  /** Validates ranges, naming the setting. */
  public CapacitySettings {
    if (!(vmMemoryOverheadPercent >= 0 && vmMemoryOverheadPercent < 1)) {
      throw new IllegalArgumentException(
          "aws.vmMemoryOverheadPercent must be in [0, 1), got " + vmMemoryOverheadPercent);
    }
    if (reservedEnis < 0) {
      throw new IllegalArgumentException("aws.reservedENIs must be >= 0, got " + reservedEnis);
    }
  }
}
