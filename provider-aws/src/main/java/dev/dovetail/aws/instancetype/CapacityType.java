package dev.dovetail.aws.instancetype;

/** EC2 purchase option of an offering, with its {@code karpenter.sh/capacity-type} label value. */
public enum CapacityType {
  SPOT("spot"),
  ON_DEMAND("on-demand");

  private final String label;

  CapacityType(String label) {
    this.label = label;
  }

  /** The label value ({@code spot} or {@code on-demand}). */
  public String label() {
    return label;
  }

  /**
   * Parses a label value; also accepts the EC2 spellings {@code ondemand}/{@code on_demand}.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static CapacityType parse(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return switch (v) {
      case "spot" -> SPOT;
      case "on-demand", "ondemand" -> ON_DEMAND;
      default ->
          throw new IllegalArgumentException(
              "capacity type '" + value + "' is not one of spot, on-demand");
    };
  }
}
