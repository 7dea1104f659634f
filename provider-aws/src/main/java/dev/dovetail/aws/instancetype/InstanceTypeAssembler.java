package dev.dovetail.aws.instancetype;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Overhead;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns EC2 facts, zonal offerings and prices into {@link InstanceTypeInfo}: one offering per zone
 * × supported capacity type, available only when it is not marked unavailable and a price is known.
 * Pure.
 */
public final class InstanceTypeAssembler {
  /** Answers whether (capacity type, instance type, zone) is currently marked unavailable. */
  @FunctionalInterface
  public interface UnavailableOfferings {
    boolean isUnavailable(CapacityType capacityType, String instanceType, String zone);

    UnavailableOfferings NONE = (c, t, z) -> false;
  }

  /** Answers whether EC2 offers a capacity type in a zone where it offers the instance type. */
  @FunctionalInterface
  public interface OfferedCapacity {
    boolean offers(String zone, CapacityType capacityType);

    OfferedCapacity ALL = (z, c) -> true;
  }

  private final CapacityModel model;

  public InstanceTypeAssembler(CapacityModel model) {
    this.model = model;
  }

  public CapacityModel model() {
    return model;
  }

  /**
   * Assembles one type; {@code zones} are the zones where EC2 offers it, as every capacity type the
   * type supports.
   */
  public InstanceTypeInfo assemble(
      InstanceTypeSpec spec,
      String region,
      Collection<String> zones,
      PriceLookup prices,
      UnavailableOfferings unavailable,
      AmiFamily family,
      KubeletConfig kubelet,
      AllocatableOverride override) {
    return assemble(
        spec, region, zones, OfferedCapacity.ALL, prices, unavailable, family, kubelet, override);
  }

  /**
   * Assembles one type; {@code zones} are the zones where EC2 offers it and {@code offered} says
   * which capacity types each of them offers.
   */
  public InstanceTypeInfo assemble(
      InstanceTypeSpec spec,
      String region,
      Collection<String> zones,
      OfferedCapacity offered,
      PriceLookup prices,
      UnavailableOfferings unavailable,
      AmiFamily family,
      KubeletConfig kubelet,
      AllocatableOverride override) {
    NodeResources resources = model.compute(spec, family, kubelet);
    Map<String, Long> capacity = new LinkedHashMap<>(resources.capacity());
    Map<String, Long> allocatable = new LinkedHashMap<>(resources.allocatable());
    override.cpuMillis().ifPresent(v -> allocatable.put(ResourceUnits.CPU, v));
    override
        .memoryMib()
        .ifPresent(v -> allocatable.put(ResourceUnits.MEMORY, v * ResourceUnits.MIB));
    override
        .pods()
        .ifPresent(
            v -> {
              allocatable.put(ResourceUnits.PODS, v);
              capacity.put(ResourceUnits.PODS, v);
            });
    long pods = capacity.get(ResourceUnits.PODS);

    List<Offering> offerings = new ArrayList<>();
    var onDemand = prices.onDemand(spec.name());
    for (String zone : new TreeSet<>(zones)) {
      if (spec.spotSupported() && offered.offers(zone, CapacityType.SPOT)) {
        var price = prices.spot(spec.name(), zone);
        offerings.add(
            new Offering(
                zone,
                CapacityType.SPOT,
                price.orElse(0.0),
                price.isPresent()
                    && !unavailable.isUnavailable(CapacityType.SPOT, spec.name(), zone)));
      }
      if (offered.offers(zone, CapacityType.ON_DEMAND)) {
        offerings.add(
            new Offering(
                zone,
                CapacityType.ON_DEMAND,
                onDemand.orElse(0.0),
                onDemand.isPresent()
                    && !unavailable.isUnavailable(CapacityType.ON_DEMAND, spec.name(), zone)));
      }
    }
    Overhead overhead =
        new Overhead(
            InstanceTypeInfo.resources(resources.kubeReserved()),
            InstanceTypeInfo.resources(resources.systemReserved()),
            InstanceTypeInfo.resources(resources.evictionThreshold()));
    return new InstanceTypeInfo(
        spec,
        InstanceTypeLabels.of(spec, region, pods),
        capacity,
        allocatable,
        overhead,
        offerings);
  }
}
