package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Offering;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The instance types of a pass's node pools by name, for prices of existing and new nodes. */
final class PriceIndex {
  private final Map<String, InstanceType> types = new HashMap<>();

  PriceIndex(List<NodePool> pools) {
    for (NodePool pool : pools) {
      for (InstanceType t : pool.instanceTypes()) {
        types.putIfAbsent(t.name(), t);
      }
    }
  }

  Optional<InstanceType> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** The price of one offering, available or not (what a running node costs). */
  OptionalDouble price(String type, String zone, CapacityType capacityType) {
    InstanceType t = types.get(type);
    if (t == null) {
      return OptionalDouble.empty();
    }
    return t.offerings().stream()
        .filter(o -> o.zone().equals(zone) && o.capacityType() == capacityType)
        .mapToDouble(Offering::pricePerHour)
        .findFirst();
  }

  /**
   * The most a launch of {@code type} may cost: its most expensive available spot offering in the
   * zones when spot is allowed, else its most expensive on-demand one.
   */
  OptionalDouble worstCase(String type, Set<String> zones, Set<CapacityType> capacityTypes) {
    InstanceType t = types.get(type);
    if (t == null) {
      return OptionalDouble.empty();
    }
    CapacityType wanted =
        capacityTypes.contains(CapacityType.SPOT) ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    return t.offerings().stream()
        .filter(Offering::available)
        .filter(o -> o.capacityType() == wanted)
        .filter(o -> zones.isEmpty() || zones.contains(o.zone()))
        .mapToDouble(Offering::pricePerHour)
        .max();
  }
}
