package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.Requirements;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A new node being planned: its pool, its requirements so far, the candidate types that still fit
 * everything it holds (bits over the pool's price-ordered types) and the pods planned for it.
 */
final class Draft {
  final PoolOption pool;
  final int nodeId;
  Requirements requirements;

  /** Slots the requirements allow. */
  long slotMask;

  /** Slots where some candidate type has an available offering. */
  long offerSlots;

  /** Slots where some candidate type has an available offering, whatever the requirements. */
  private long candidateOffers;

  /** Live candidates: compatible, fitting, offered, within limits and price cap. */
  BitSet types;

  /** Types compatible with every pod's requirements, before fit and price cap. */
  BitSet compatible;

  /** Types that were within the pool's limits when the node was opened. */
  final BitSet withinLimits;

  long[] used;
  long[] maxAllocatable;

  /** Allocatable of the cheapest live candidate: room a pod can use without upsizing the node. */
  long[] cheapestAllocatable;

  final double priceCap;

  /** True when column generation packed this node. */
  boolean fromColumns;

  long[] committedLimits;
  final List<PodState> pods = new ArrayList<>();
  final List<HostPort> ports = new ArrayList<>();

  Draft(PoolOption pool, int nodeId, BitSet withinLimits, double priceCap) {
    this.pool = pool;
    this.nodeId = nodeId;
    this.withinLimits = withinLimits;
    this.priceCap = priceCap;
  }

  private Topology.NodeView view;

  /** The node as topology sees it (kept while requirements and offered slots stay the same). */
  Topology.NodeView view() {
    if (view == null || view.requirements() != requirements || view.offerSlots() != offerSlots) {
      view = new Topology.NodeView(nodeId, null, requirements, offerSlots);
    }
    return view;
  }

  void refresh() {
    long[] max = new long[used.length];
    long offers = 0;
    for (int i = types.nextSetBit(0); i >= 0; i = types.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      for (int d = 0; d < max.length; d++) {
        max[d] = Math.max(max[d], t.allocatable[d]);
      }
      offers |= t.offerMask;
    }
    maxAllocatable = max;
    int first = types.nextSetBit(0);
    cheapestAllocatable = first >= 0 ? pool.types[first].allocatable : max;
    candidateOffers = offers;
    offerSlots = offers & slotMask;
    if (pool.hasLimits()) {
      long[] now = pool.largestCapacity(types);
      pool.commit(committedLimits, now);
      committedLimits = now;
    }
  }

  /** After the slot mask narrowed while the candidates stayed the same. */
  void narrowSlots() {
    offerSlots = candidateOffers & slotMask;
  }

  static boolean portsConflict(List<HostPort> used, List<HostPort> wanted) {
    for (HostPort w : wanted) {
      for (HostPort u : used) {
        if (w.conflictsWith(u)) {
          return true;
        }
      }
    }
    return false;
  }

  static List<HostPort> copy(List<HostPort> ports) {
    return new ArrayList<>(ports);
  }
}
