package dev.dovetail.scheduling;

import java.util.AbstractList;
import java.util.Comparator;
import java.util.List;

/**
 * The candidate types of a planned node, cheapest first, built on demand: a plan for 20,000 pods
 * may hold thousands of nodes with hundreds of candidates each, so only type indices are kept.
 */
final class CandidateList extends AbstractList<Candidate> {
  private final PoolOption pool;
  private final int[] order;
  private final long slotMask;
  private final Slots slots;

  CandidateList(PoolOption pool, List<Integer> indices, long slotMask, Slots slots) {
    this.pool = pool;
    this.slotMask = slotMask;
    this.slots = slots;
    this.order =
        indices.stream()
            .sorted(
                Comparator.<Integer>comparingDouble(i -> pool.types[i].price(slotMask))
                    .thenComparing(i -> pool.types[i].name()))
            .mapToInt(Integer::intValue)
            .toArray();
  }

  @Override
  public Candidate get(int index) {
    TypeOption t = pool.types[order[index]];
    int slot = t.cheapestSlot(slotMask);
    return new Candidate(
        t.name(), t.priceBySlot[slot], slots.zone(Slots.zoneOf(slot)), Slots.capacityTypeOf(slot));
  }

  @Override
  public int size() {
    return order.length;
  }

  double cheapestPrice() {
    return order.length == 0 ? Double.POSITIVE_INFINITY : pool.types[order[0]].price(slotMask);
  }

  /** Zones where some candidate has an available allowed offering. */
  long offerSlots() {
    long m = 0;
    for (int i : order) {
      m |= pool.types[i].offerMask;
    }
    return m & slotMask;
  }
}
