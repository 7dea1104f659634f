package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.InstanceType;

/**
 * An instance type compiled for one node pool: allocatable after the pool's daemonset overhead as a
 * vector over the solve's {@link Dimensions}, and its available offerings as a {@link Slots} mask
 * with a price per slot.
 */
final class TypeOption {
  final InstanceType type;
  final long[] allocatable;
  final long[] capacity;
  final long offerMask;
  final double[] priceBySlot;
  final double cheapest;

  TypeOption(
      InstanceType type,
      long[] allocatable,
      long[] capacity,
      long offerMask,
      double[] priceBySlot,
      long poolMask) {
    this.type = type;
    this.allocatable = allocatable;
    this.capacity = capacity;
    this.offerMask = offerMask;
    this.priceBySlot = priceBySlot;
    this.cheapest = price(poolMask);
  }

  /** The cheapest available offering among the allowed slots, or +∞ when none is allowed. */
  double price(long allowedSlots) {
    long m = offerMask & allowedSlots;
    double best = Double.POSITIVE_INFINITY;
    while (m != 0) {
      int s = Long.numberOfTrailingZeros(m);
      m &= m - 1;
      if (priceBySlot[s] < best) {
        best = priceBySlot[s];
      }
    }
    return best;
  }

  /** The slot of the cheapest available offering among the allowed ones (lowest slot on ties). */
  int cheapestSlot(long allowedSlots) {
    long m = offerMask & allowedSlots;
    double best = Double.POSITIVE_INFINITY;
    int bestSlot = -1;
    while (m != 0) {
      int s = Long.numberOfTrailingZeros(m);
      m &= m - 1;
      if (priceBySlot[s] < best) {
        best = priceBySlot[s];
        bestSlot = s;
      }
    }
    return bestSlot;
  }

  String name() {
    return type.name();
  }
}
