package dev.dovetail.scheduling;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A machine shape the cloud can launch, as the engine sees it.
 *
 * <p>{@code requirements} are the labels the type gives a node (arch, os, instance-type, the
 * provider's instance attributes such as family and size; zone and capacity type come from the
 * offerings and are added here as {@code In} requirements listing every offered value). {@code
 * allocatable} is {@code capacity} minus {@code overhead}, computed once.
 *
 * @param name the instance type name, e.g. {@code m5.large}
 * @param requirements the labels it offers, as requirements
 * @param capacity what the machine has
 * @param overhead what the node keeps for itself
 * @param offerings every zone × capacity type it can be bought in, available or not
 * @param allocatable capacity minus overhead
 */
public record InstanceType(
    String name,
    Requirements requirements,
    Resources capacity,
    Overhead overhead,
    List<Offering> offerings,
    Resources allocatable) {

  public InstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requirements, "requirements");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(overhead, "overhead");
    offerings = List.copyOf(offerings);
    if (allocatable == null) {
      allocatable = capacity.minus(overhead.total());
    }
  }

  /**
   * A type whose requirements also carry its name and the zones and capacity types of its
   * offerings, with allocatable computed from the overhead.
   */
  public static InstanceType of(
      String name,
      Requirements requirements,
      Resources capacity,
      Overhead overhead,
      List<Offering> offerings) {
    Requirements full =
        requirements
            .and(Requirement.in(WellKnownLabels.INSTANCE_TYPE, name))
            .and(
                Requirement.in(
                    WellKnownLabels.ZONE, offerings.stream().map(Offering::zone).toList()))
            .and(
                Requirement.in(
                    WellKnownLabels.CAPACITY_TYPE,
                    offerings.stream().map(o -> o.capacityType().label()).toList()));
    return new InstanceType(name, full, capacity, overhead, offerings, null);
  }

  /** The cheapest available offering allowed by the requirements, if any. */
  public OptionalDouble cheapestPrice(Requirements allowed) {
    Requirement zones = allowed.get(WellKnownLabels.ZONE);
    Requirement capacityTypes = allowed.get(WellKnownLabels.CAPACITY_TYPE);
    return offerings.stream()
        .filter(Offering::available)
        .filter(o -> zones == null || zones.allows(o.zone()))
        .filter(o -> capacityTypes == null || capacityTypes.allows(o.capacityType().label()))
        .mapToDouble(Offering::pricePerHour)
        .min();
  }

  /** Orders types by name, the tie-breaker everywhere prices are equal. */
  public static final Comparator<InstanceType> BY_NAME = Comparator.comparing(InstanceType::name);
}
