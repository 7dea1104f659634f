package dev.dovetail.aws.instancetype;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An instance type as the provider offers it: EC2 facts, labels, capacity, allocatable and
 * offerings. Resources are in {@link ResourceUnits} (cpu in millicores, memory in bytes).
 */
public record InstanceTypeInfo(
    InstanceTypeSpec spec,
    Map<String, String> labels,
    Map<String, Long> capacity,
    Map<String, Long> allocatable,
    List<OfferingInfo> offerings) {

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

  /** capacity − allocatable, per resource. */
  public Map<String, Long> overhead() {
    Map<String, Long> overhead = new TreeMap<>();
    capacity.forEach((k, v) -> overhead.put(k, v - allocatable.getOrDefault(k, 0L)));
    return Collections.unmodifiableMap(overhead);
  }

  /** The cheapest available offering, if any. */
  public Optional<OfferingInfo> cheapestAvailable() {
    return offerings.stream()
        .filter(OfferingInfo::available)
        .min(java.util.Comparator.comparingDouble(OfferingInfo::pricePerHour));
  }

  /** The offering for a zone and capacity type, if the type is offered there. */
  public Optional<OfferingInfo> offering(String zone, CapacityType capacityType) {
    return offerings.stream()
        .filter(o -> o.zone().equals(zone) && o.capacityType() == capacityType)
        .findFirst();
  }
}
