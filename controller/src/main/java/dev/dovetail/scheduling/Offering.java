package dev.dovetail.scheduling;

import java.util.Objects;

/**
 * One way to buy an instance type: in a zone, as spot or on-demand, at a price.
 *
 * <p>An offering is {@code available} when the cloud currently sells it: it has a known price and
 * has not recently failed with insufficient capacity. Unavailable offerings stay in the list so
 * that explanations can say why a type was skipped.
 *
 * @param zone the availability zone ({@code topology.kubernetes.io/zone})
 * @param capacityType spot or on-demand
 * @param pricePerHour USD per hour
 * @param available whether it can be launched now
 */
public record Offering(
    String zone, CapacityType capacityType, double pricePerHour, boolean available) {
  public Offering {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(capacityType, "capacityType");
    if (!(pricePerHour >= 0) || Double.isInfinite(pricePerHour)) {
      throw new IllegalArgumentException(
          "offering " + zone + "/" + capacityType + ": price must be a finite number >= 0");
    }
  }
}
