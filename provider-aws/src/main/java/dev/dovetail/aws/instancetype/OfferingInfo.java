package dev.dovetail.aws.instancetype;

import java.util.Objects;

/**
 * One way to buy an instance type: a zone and a capacity type, with its price and whether it can be
 * launched now (not marked unavailable, price known).
 */
public record OfferingInfo(
    String zone, CapacityType capacityType, double pricePerHour, boolean available) {
  public OfferingInfo {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(capacityType, "capacityType");
    if (!(pricePerHour >= 0) || Double.isInfinite(pricePerHour)) {
      throw new IllegalArgumentException(
          "offering " + zone + "/" + capacityType.label() + ": price must be >= 0");
    }
  }
}
