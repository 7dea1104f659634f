package dev.dovetail.scheduling;

/** How an instance is bought: the value of the {@code karpenter.sh/capacity-type} label. */
public enum CapacityType {
  /** Spare EC2 capacity at a discount, reclaimable with two minutes' notice. */
  SPOT("spot"),
  /** Pay-as-you-go capacity. */
  ON_DEMAND("on-demand");

  private final String label;

  CapacityType(String label) {
    this.label = label;
  }

  /** The label value: {@code spot} or {@code on-demand}. */
  public String label() {
    return label;
  }

  public static CapacityType fromLabel(String label) {
    for (CapacityType c : values()) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown capacity type \"" + label + "\"; use spot or on-demand");
  }

  @Override
  public String toString() {
    return label;
  }
}
