package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every (zone, capacity type) pair of a solve as one bit of a {@code long}: bit {@code 2·zone +
 * capacityType}. A node's allowed offerings and a type's available offerings are then masks, and
 * "can this type be bought for this node" is one AND.
 */
final class Slots {
  static final int MAX_ZONES = 32;
  private final String[] zones;

  Slots(SortedSet<String> zoneNames) {
    if (zoneNames.size() > MAX_ZONES) {
      throw new IllegalArgumentException(
          "the snapshot has "
              + zoneNames.size()
              + " zones; the engine handles at most "
              + MAX_ZONES);
    }
    zones = zoneNames.toArray(new String[0]);
  }

  /** The zones of every offering of the pools' types. */
  static Slots of(List<NodePool> pools) {
    TreeSet<String> zones = new TreeSet<>();
    for (NodePool pool : pools) {
      for (InstanceType t : pool.instanceTypes()) {
        for (Offering o : t.offerings()) {
          zones.add(o.zone());
        }
      }
    }
    return new Slots(zones);
  }

  /** Slots over the same zones are interchangeable. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Slots other && java.util.Arrays.equals(zones, other.zones);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(zones);
  }

  int zoneCount() {
    return zones.length;
  }

  String zone(int i) {
    return zones[i];
  }

  int zoneIndex(String zone) {
    return java.util.Arrays.binarySearch(zones, zone);
  }

  static int slot(int zone, CapacityType ct) {
    return zone * 2 + ct.ordinal();
  }

  static int zoneOf(int slot) {
    return slot >> 1;
  }

  static CapacityType capacityTypeOf(int slot) {
    return CapacityType.values()[slot & 1];
  }

  /** The slots the requirements allow. */
  long allowed(Requirements requirements) {
    Requirement zone = requirements.get(WellKnownLabels.ZONE);
    Requirement ct = requirements.get(WellKnownLabels.CAPACITY_TYPE);
    long mask = 0;
    for (int z = 0; z < zones.length; z++) {
      if (zone != null && !zone.allows(zones[z])) {
        continue;
      }
      for (CapacityType c : CapacityType.values()) {
        if (ct == null || ct.allows(c.label())) {
          mask |= 1L << slot(z, c);
        }
      }
    }
    return mask;
  }

  /** The slots of the available offerings, and the price of each slot. */
  long available(List<Offering> offerings, double[] priceBySlot) {
    long mask = 0;
    for (Offering o : offerings) {
      if (!o.available()) {
        continue;
      }
      int z = zoneIndex(o.zone());
      if (z < 0) {
        continue;
      }
      int s = slot(z, o.capacityType());
      if ((mask & (1L << s)) == 0 || o.pricePerHour() < priceBySlot[s]) {
        priceBySlot[s] = o.pricePerHour();
      }
      mask |= 1L << s;
    }
    return mask;
  }

  SortedSet<String> zonesOf(long mask) {
    TreeSet<String> out = new TreeSet<>();
    for (int z = 0; z < zones.length; z++) {
      if ((mask & (3L << (2 * z))) != 0) {
        out.add(zones[z]);
      }
    }
    return out;
  }

  static SortedSet<CapacityType> capacityTypesOf(long mask) {
    TreeSet<CapacityType> out = new TreeSet<>();
    for (CapacityType c : CapacityType.values()) {
      if ((mask & (0x5555555555555555L << c.ordinal())) != 0) {
        out.add(c);
      }
    }
    return out;
  }
}
