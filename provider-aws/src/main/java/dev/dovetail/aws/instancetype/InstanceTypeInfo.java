package dev.dovetail.aws.instancetype;

import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Overhead;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An instance type as the provider offers it: EC2 facts, labels, capacity, allocatable and
 * offerings. Resource maps are in {@link ResourceUnits} (cpu in millicores, memory in bytes).
 * {@link #toInstanceType()} gives the engine's view.
 */
public record InstanceTypeInfo(
    InstanceTypeSpec spec,
    Map<String, String> labels,
    Map<String, Long> capacity,
    Map<String, Long> allocatable,
    Overhead overhead,
    List<Offering> offerings) {

  /** Copies into unmodifiable collections. */
  public InstanceTypeInfo {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    capacity = Collections.unmodifiableMap(new TreeMap<>(capacity));
    allocatable = Collections.unmodifiableMap(new TreeMap<>(allocatable));
    offerings = List.copyOf(offerings);
  }

  public String name() {
    return spec.name();
  }

  /** The cheapest available offering, if any. */
  public Optional<Offering> cheapestAvailable() {
    return offerings.stream()
        .filter(Offering::available)
        .min(Comparator.comparingDouble(Offering::pricePerHour));
  }

  /** The offering for a zone and capacity type, if the type is offered there. */
  public Optional<Offering> offering(String zone, CapacityType capacityType) {
    return offerings.stream()
        .filter(o -> o.zone().equals(zone) && o.capacityType() == capacityType)
        .findFirst();
  }

  /**
   * The engine's instance type: labels as requirements (the operating system as every one the type
   * runs), zones and capacity types from offerings.
   */
  public InstanceType toInstanceType() {
    Requirements requirements = Requirements.fromLabels(labels);
    if (spec.operatingSystems().size() > 1) {
      requirements =
          requirements
              .without(InstanceTypeLabels.OS)
              .and(Requirement.in(InstanceTypeLabels.OS, List.copyOf(spec.operatingSystems())));
    }
    InstanceType type =
        InstanceType.of(name(), requirements, resources(capacity), overhead, offerings);
    Resources allocatableResources = resources(allocatable);
    if (allocatableResources.equals(type.allocatable())) {
      return type;
    }
    // measured allocatable values replace the model's estimate
    return new InstanceType(
        type.name(),
        type.requirements(),
        type.capacity(),
        type.overhead(),
        type.offerings(),
        allocatableResources);
  }

  /** Converts a {@link ResourceUnits} map to the engine's resources. */
  public static Resources resources(Map<String, Long> values) {
    TreeMap<String, Long> extended = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (!k.equals(ResourceUnits.CPU)
              && !k.equals(ResourceUnits.MEMORY)
              && !k.equals(ResourceUnits.PODS)
              && !k.equals(ResourceUnits.EPHEMERAL_STORAGE)) {
            extended.put(k, v);
          }
        });
    return new Resources(
        values.getOrDefault(ResourceUnits.CPU, 0L),
        values.getOrDefault(ResourceUnits.MEMORY, 0L),
        values.getOrDefault(ResourceUnits.PODS, 0L),
        values.getOrDefault(ResourceUnits.EPHEMERAL_STORAGE, 0L),
        extended);
  }
}
