package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Candidate;
import dev.dovetail.scheduling.InstanceType;
import java.util.AbstractList;

/**
 * The candidate types of a planned node, cheapest first, built on demand: a plan for 20,000 pods
 * may hold thousands of nodes with hundreds of candidates each, so only type indices are kept.
 */
final class CandidateList extends AbstractList<Candidate> {
  private final PoolOption pool;
  private final int[] order;
  private final long slotMask;
  private final Slots slots;

  CandidateList(PoolOption pool, java.util.BitSet indices, long slotMask, Slots slots) {
    this.pool = pool;
    this.slotMask = slotMask;
    this.slots = slots;
    int[] bits = indices.stream().toArray();
    // Types are numbered by their pool price; a node's own zones rarely change that order.
    boolean sorted = true;
    for (int k = 1; k < bits.length && sorted; k++) {
      sorted = compare(bits[k - 1], bits[k]) <= 0;
    }
    if (!sorted) {
      bits =
          java.util.Arrays.stream(bits)
              .boxed()
              .sorted(this::compare)
              .mapToInt(Integer::intValue)
              .toArray();
    }
    this.order = bits;
  }

  private int compare(int a, int b) {
    int byPrice = Double.compare(pool.types[a].price(slotMask), pool.types[b].price(slotMask));
    return byPrice != 0 ? byPrice : pool.types[a].name().compareTo(pool.types[b].name());
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

  PoolOption pool() {
    return pool;
  }

  /** The candidates' indices into the pool's types, cheapest first. */
  int[] indices() {
    return order;
  }

  /** The candidates' instance types, cheapest first. */
  java.util.List<InstanceType> instanceTypes() {
    java.util.List<InstanceType> out = new java.util.ArrayList<>(order.length);
    for (int i : order) {
      out.add(pool.types[i].type);
    }
    return out;
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
