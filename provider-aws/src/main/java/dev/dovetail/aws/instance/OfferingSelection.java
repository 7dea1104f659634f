package dev.dovetail.aws.instance;

import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.nodeclass.ResolvedNodeClass;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Offering;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one place a launch chooses what it asks EC2 for: the capacity type, the instance types
 * (cheapest first, at most {@link #MAX_INSTANCE_TYPES}, after the exotic-type and mixed-capacity
 * filters) and, for each type, the offerings the fleet request lists (the chosen capacity type,
 * available, in an allowed zone that has a subnet).
 *
 * @param capacityType spot when allowed and some type has a usable spot offering, else on-demand
 * @param types the types to request, cheapest usable offering first; empty when none is usable
 * @param subnets the subnet to launch into, by zone
 * @param zoneAllowed which zones the requirements allow
 */
record OfferingSelection(
    CapacityType capacityType,
    List<InstanceTypeInfo> types,
    Map<String, ResolvedNodeClass.Subnet> subnets,
    Predicate<String> zoneAllowed) {

  /** How many instance types a fleet request carries at most. */
  static final int MAX_INSTANCE_TYPES = 60;

  /** Chooses among the spec's candidates, launching into {@code subnets} (one per zone). */
  static OfferingSelection of(
      InstanceProvider.LaunchSpec spec, Map<String, ResolvedNodeClass.Subnet> subnets) {
    List<InstanceTypeInfo> types = filterExotic(spec.candidates());
    if (spec.capacityTypeAllowed().test(CapacityType.SPOT)
        && spec.capacityTypeAllowed().test(CapacityType.ON_DEMAND)) {
      types = filterMixedCapacity(spec, types, subnets);
    }
    // Chosen after the mixed-capacity filter, as upstream does: when every spot type left costs
    // more than on-demand, the launch goes on-demand instead of failing.
    CapacityType capacityType = capacityType(spec, types, subnets);
    return new OfferingSelection(
        capacityType,
        cheapestFirst(spec, types, subnets, capacityType),
        subnets,
        spec.zoneAllowed());
  }

  /** The offerings of {@code type} the fleet request lists. */
  List<Offering> offerings(InstanceTypeInfo type) {
    return type.offerings().stream()
        .filter(o -> o.capacityType() == capacityType && usable(o, zoneAllowed, subnets))
        .toList();
  }

  /** The subnet the launch uses in {@code zone}. */
  ResolvedNodeClass.Subnet subnet(String zone) {
    return subnets.get(zone);
  }

  private static boolean exotic(InstanceTypeInfo t) {
    return t.spec().bareMetal() || t.spec().hasAccelerators();
  }

  /** Drops metal and GPU/accelerator types while a generic type remains. */
  static List<InstanceTypeInfo> filterExotic(List<InstanceTypeInfo> types) {
    List<InstanceTypeInfo> generic = types.stream().filter(t -> !exotic(t)).toList();
    return generic.isEmpty() ? types : generic;
  }

  private static boolean usable(
      Offering o, Predicate<String> zoneAllowed, Map<String, ResolvedNodeClass.Subnet> subnets) {
    return o.available() && zoneAllowed.test(o.zone()) && subnets.containsKey(o.zone());
  }

  private static Optional<Double> cheapest(
      InstanceTypeInfo t,
      CapacityType c,
      InstanceProvider.LaunchSpec spec,
      Map<String, ResolvedNodeClass.Subnet> subnets) {
    return t.offerings().stream()
        .filter(o -> o.capacityType() == c && usable(o, spec.zoneAllowed(), subnets))
        .map(Offering::pricePerHour)
        .min(Double::compare);
  }

  /** Spot when allowed and some type has an available spot offering; otherwise on-demand. */
  private static CapacityType capacityType(
      InstanceProvider.LaunchSpec spec,
      List<InstanceTypeInfo> types,
      Map<String, ResolvedNodeClass.Subnet> subnets) {
    if (spec.capacityTypeAllowed().test(CapacityType.SPOT)
        && types.stream()
            .anyMatch(t -> cheapest(t, CapacityType.SPOT, spec, subnets).isPresent())) {
      return CapacityType.SPOT;
    }
    return CapacityType.ON_DEMAND;
  }

  /** Drops spot types whose cheapest spot offering costs more than the cheapest on-demand one. */
  private static List<InstanceTypeInfo> filterMixedCapacity(
      InstanceProvider.LaunchSpec spec,
      List<InstanceTypeInfo> types,
      Map<String, ResolvedNodeClass.Subnet> subnets) {
    Optional<Double> cheapestOnDemand =
        types.stream()
            .map(t -> cheapest(t, CapacityType.ON_DEMAND, spec, subnets))
            .flatMap(Optional::stream)
            .min(Double::compare);
    boolean anySpot =
        types.stream().anyMatch(t -> cheapest(t, CapacityType.SPOT, spec, subnets).isPresent());
    if (cheapestOnDemand.isEmpty() || !anySpot) {
      return types;
    }
    return types.stream()
        .filter(
            t ->
                cheapest(t, CapacityType.SPOT, spec, subnets)
                    .map(p -> p <= cheapestOnDemand.get())
                    .orElse(true))
        .toList();
  }

  private static List<InstanceTypeInfo> cheapestFirst(
      InstanceProvider.LaunchSpec spec,
      List<InstanceTypeInfo> types,
      Map<String, ResolvedNodeClass.Subnet> subnets,
      CapacityType capacityType) {
    record Priced(InstanceTypeInfo type, double price) {}
    return types.stream()
        .map(t -> cheapest(t, capacityType, spec, subnets).map(p -> new Priced(t, p)))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparingDouble(Priced::price).thenComparing(p -> p.type().name()))
        .limit(MAX_INSTANCE_TYPES)
        .map(Priced::type)
        .toList();
  }
}
