package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.Toleration;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One packing run over a {@link Problem}: upstream's queue (pods in first-fit-decreasing order;
 * existing nodes, then nodes planned in this run, then a new node from each pool in weight order;
 * one preference relaxed per failure until a pass makes no progress).
 *
 * <p>In {@link Mode#FIRST_FIT} a new node accepts pods while any candidate type still fits, as
 * upstream does. In {@link Mode#COST_AWARE} a new node is capped, when opened, at the type with the
 * lowest price per unit of work for the pods queued behind it (a short look-ahead), so that it does
 * not grow into a large type when several small ones are cheaper (scenario A.1).
 */
final class Packer {
  enum Mode {
    FIRST_FIT,
    COST_AWARE
  }

  /** How many queued pods the cost-aware look-ahead considers. */
  static final int LOOKAHEAD = 48;

  private final Problem problem;
  private final Mode mode;
  private final boolean respectPreferences;
  private final PodValues values;

  final PodState[] states;
  final List<Draft> drafts = new ArrayList<>();
  final long[][] existingFree;
  final List<List<HostPort>> existingPorts = new ArrayList<>();
  final List<List<PodState>> existingPlaced = new ArrayList<>();
  final List<PodState> unplaced = new ArrayList<>();
  private int nextNodeId;

  /** Per shape: drafts before this index rejected a pod of that shape, and always will. */
  private int[] cursors;

  private final java.util.Map<List<Object>, Integer> shapes = new java.util.HashMap<>();

  /**
   * Gives the pod the shape of identical pods under the same relaxation, so that drafts rejected
   * once are not tried again; pods whose rejections may not last get none.
   */
  private void assignShape(PodState s) {
    if (!s.rejectionsLast()) {
      s.shape = -1;
      return;
    }
    PodFacts f = s.facts;
    List<Object> key =
        List.of(
            java.util.Arrays.stream(f.requests).boxed().toList(),
            s.requirements(),
            f.pod.tolerations(),
            f.pod.hostPorts(),
            f.matchedGroups.stream().map(g -> g.id).toList(),
            s.activeSpread(),
            s.activeAnti().stream().map(g -> g.id).toList(),
            s.toleratesSoftTaints());
    Integer shape = shapes.get(key);
    if (shape == null) {
      shape = shapes.size();
      shapes.put(key, shape);
      if (cursors != null && shape >= cursors.length) {
        cursors = java.util.Arrays.copyOf(cursors, cursors.length * 2);
      }
    }
    s.shape = shape;
  }

  Packer(Problem problem, Mode mode, boolean respectPreferences, PodValues values) {
    this.problem = problem;
    this.mode = mode;
    this.respectPreferences = respectPreferences;
    this.values = values;
    this.states = new PodState[problem.pods.size()];
    this.existingFree = new long[problem.existingFree.length][];
    for (int i = 0; i < existingFree.length; i++) {
      existingFree[i] = problem.existingFree[i].clone();
      existingPorts.add(Draft.copy(problem.snapshot.existingNodes().get(i).hostPortsInUse()));
      existingPlaced.add(new ArrayList<>());
    }
    this.nextNodeId = existingFree.length;
  }

  Mode mode() {
    return mode;
  }

  void run() {
    problem.topology.reset();
    for (PoolOption pool : problem.pools) {
      pool.resetLimits();
    }
    List<PodState> queue = new ArrayList<>(states.length);
    shapes.clear();
    for (PodFacts f : problem.pods) {
      PodState s = new PodState(f, respectPreferences);
      states[f.index] = s;
      queue.add(s);
      assignShape(s);
    }
    cursors = new int[Math.max(16, shapes.size() * 2)];
    cost = Double.NaN;
    fullListsFit.clear();
    while (!queue.isEmpty()) {
      boolean progress = false;
      List<PodState> next = new ArrayList<>();
      for (int i = 0; i < queue.size(); i++) {
        PodState p = queue.get(i);
        if (place(p, queue, i)) {
          p.placed = true;
          progress = true;
        } else {
          if (p.relax(problem.softTaintsExist)) {
            progress = true;
            assignShape(p);
          }
          next.add(p);
        }
      }
      queue = next;
      if (!progress) {
        break;
      }
    }
    unplaced.addAll(queue);
  }

  private double cost = Double.NaN;

  double cost() {
    if (Double.isNaN(cost)) {
      double total = 0;
      for (Draft d : drafts) {
        total += cheapest(d, d.used, d.pool.hasLimits() && !fullListsWithinLimits(d.pool));
      }
      cost = total;
    }
    return cost;
  }

  private boolean place(PodState p, List<PodState> queue, int position) {
    for (int i : problem.existingOrder) {
      if (tryExisting(p, i)) {
        return true;
      }
    }
    int shape = p.shape;
    if (mode == Mode.COST_AWARE) {
      // First, room a node already pays for: joining it costs nothing. Drafts before the shape's
      // cursor rejected this pod's twins for good, so the search starts there too.
      long[] req = p.facts.requests;
      for (int k = shape >= 0 ? cursors[shape] : 0; k < drafts.size(); k++) {
        Draft d = drafts.get(k);
        if (Dimensions.fits(d.used, req, d.cheapestAllocatable) && tryDraft(p, d)) {
          return true;
        }
      }
    }
    for (int k = shape >= 0 ? cursors[shape] : 0; k < drafts.size(); k++) {
      if (tryDraft(p, drafts.get(k))) {
        if (shape >= 0) {
          cursors[shape] = k;
        }
        return true;
      }
    }
    if (shape >= 0) {
      cursors[shape] = drafts.size();
    }
    for (PoolOption pool : problem.pools) {
      if (tryOpen(p, pool, queue, position)) {
        return true;
      }
    }
    return false;
  }

  // ---- existing nodes ----

  private boolean tryExisting(PodState p, int i) {
    long[] free = existingFree[i];
    if (!Dimensions.fits(p.facts.requests, free)) {
      return false;
    }
    ExistingNode node = problem.snapshot.existingNodes().get(i);
    if (!tolerates(p, node.taints())) {
      return false;
    }
    if (!p.facts.pod.hostPorts().isEmpty()
        && Draft.portsConflict(existingPorts.get(i), p.facts.pod.hostPorts())) {
      return false;
    }
    if (!p.requirements().matchesLabels(node.labels())) {
      return false;
    }
    Topology.NodeView view = new Topology.NodeView(i, node.labels(), Requirements.NONE, 0);
    if (problem.topology.admit(p, view) == null) {
      return false;
    }
    for (int d = 0; d < free.length; d++) {
      free[d] -= p.facts.requests[d];
    }
    existingPorts.get(i).addAll(p.facts.pod.hostPorts());
    existingPlaced.get(i).add(p);
    problem.topology.record(p, view);
    return true;
  }

  static boolean tolerates(PodState p, List<Taint> taints) {
    for (Taint t : taints) {
      if (t.effect() == TaintEffect.PREFER_NO_SCHEDULE && p.toleratesSoftTaints()) {
        continue;
      }
      if (!Toleration.anyTolerates(p.facts.pod.tolerations(), t)) {
        return false;
      }
    }
    return true;
  }

  // ---- planned nodes ----

  private boolean tryDraft(PodState p, Draft d) {
    long[] req = p.facts.requests;
    if (!Dimensions.fits(d.used, req, d.maxAllocatable)) {
      return false;
    }
    if (!d.pool.pool.taints().isEmpty() && !tolerates(p, d.pool.pool.taints())) {
      return false;
    }
    if (!p.facts.pod.hostPorts().isEmpty()
        && Draft.portsConflict(d.ports, p.facts.pod.hostPorts())) {
      return false;
    }
    Requirements podReqs = p.requirements();
    if (!podReqs.isEmpty() && !d.requirements.compatible(podReqs, d.pool.wellKnown)) {
      return false;
    }
    Requirements narrowing = problem.topology.admit(p, d.view());
    if (narrowing == null) {
      return false;
    }
    Requirements reqs = d.requirements;
    long slotMask = d.slotMask;
    if (!podReqs.isEmpty() || !narrowing.isEmpty()) {
      reqs = reqs.and(podReqs).and(narrowing);
      slotMask = problem.slots.allowed(reqs) & d.pool.allowedSlots;
    }
    BitSet compat = podReqs.isEmpty() ? null : d.pool.compatible(podReqs);
    if (narrowsTypes(narrowing)) {
      // A term on any key (arch, instance type, custom labels) narrows which types the node may
      // still launch as; zones and capacity types are already narrowed through the slot mask.
      compat = and(compat, d.pool.compatible(narrowing));
    }
    long[] need = Dimensions.plus(d.used, req);
    BitSet kept = null;
    boolean dropped = false;
    for (int i = d.types.nextSetBit(0); i >= 0; i = d.types.nextSetBit(i + 1)) {
      TypeOption t = d.pool.types[i];
      if ((compat == null || compat.get(i))
          && (t.offerMask & slotMask) != 0
          && Dimensions.fits(need, t.allocatable)) {
        if (kept == null) {
          kept = new BitSet(d.pool.types.length);
        }
        kept.set(i);
      } else {
        dropped = true;
      }
    }
    if (kept == null) {
      return false;
    }
    d.requirements = reqs;
    d.slotMask = slotMask;
    if (compat != null) {
      d.compatible = (BitSet) d.compatible.clone();
      d.compatible.and(compat);
    }
    d.used = need;
    if (dropped) {
      d.types = kept;
      d.refresh();
    } else {
      // Same candidates: their largest and cheapest allocatable and limit commitments stand.
      d.narrowSlots();
    }
    add(d, p);
    return true;
  }

  /** True when the narrowing constrains a key other than zone and capacity type. */
  private static boolean narrowsTypes(Requirements narrowing) {
    for (String key : narrowing.keys()) {
      if (!key.equals(WellKnownLabels.ZONE) && !key.equals(WellKnownLabels.CAPACITY_TYPE)) {
        return true;
      }
    }
    return false;
  }

  private static BitSet and(BitSet a, BitSet b) {
    if (a == null) {
      return b;
    }
    BitSet out = (BitSet) a.clone();
    out.and(b);
    return out;
  }

  private void add(Draft d, PodState p) {
    d.pods.add(p);
    d.ports.addAll(p.facts.pod.hostPorts());
    problem.topology.record(p, d.view());
  }

  private boolean tryOpen(PodState p, PoolOption pool, List<PodState> queue, int position) {
    if (!tolerates(p, pool.pool.taints())) {
      return false;
    }
    if (!p.facts.pod.hostPorts().isEmpty()
        && Draft.portsConflict(pool.pool.daemonHostPorts(), p.facts.pod.hostPorts())) {
      return false;
    }
    Requirements podReqs = p.requirements();
    if (!pool.requirements.compatible(podReqs, pool.wellKnown)) {
      return false;
    }
    Requirements reqs = pool.requirements.and(podReqs);
    long slotMask = problem.slots.allowed(reqs) & pool.allowedSlots;
    BitSet compat = pool.compatible(podReqs);
    long[] need = p.facts.requests.clone();
    BitSet withinLimits = new BitSet(pool.types.length);
    BitSet fitting = new BitSet(pool.types.length);
    long offers = 0;
    for (int i = compat.nextSetBit(0); i >= 0; i = compat.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      if (!pool.withinLimits(i)) {
        continue;
      }
      withinLimits.set(i);
      if ((t.offerMask & slotMask) != 0 && Dimensions.fits(need, t.allocatable)) {
        fitting.set(i);
        offers |= t.offerMask;
      }
    }
    if (fitting.isEmpty()) {
      return false;
    }
    int nodeId = nextNodeId;
    Topology.NodeView view = new Topology.NodeView(nodeId, null, reqs, offers & slotMask);
    Requirements narrowing = problem.topology.admit(p, view);
    if (narrowing == null) {
      return false;
    }
    if (!narrowing.isEmpty()) {
      reqs = reqs.and(narrowing);
      slotMask = problem.slots.allowed(reqs) & pool.allowedSlots;
      if (narrowsTypes(narrowing)) {
        compat = and(compat, pool.compatible(narrowing));
      }
      for (int i = fitting.nextSetBit(0); i >= 0; i = fitting.nextSetBit(i + 1)) {
        if ((pool.types[i].offerMask & slotMask) == 0 || !compat.get(i)) {
          fitting.clear(i);
        }
      }
      if (fitting.isEmpty()) {
        return false;
      }
    }
    double cap = Double.POSITIVE_INFINITY;
    if (mode == Mode.COST_AWARE) {
      cap = priceCap(p, pool, fitting, slotMask, queue, position);
      for (int i = fitting.nextSetBit(0); i >= 0; i = fitting.nextSetBit(i + 1)) {
        TypeOption t = pool.types[i];
        if (t.cheapest > cap || t.price(slotMask) > cap) {
          fitting.clear(i);
        }
      }
    }
    Draft d = new Draft(pool, nodeId, withinLimits, cap);
    nextNodeId++;
    d.requirements = reqs;
    d.slotMask = slotMask;
    d.types = fitting;
    d.compatible = compat;
    d.used = need;
    d.refresh();
    d.ports.addAll(pool.pool.daemonHostPorts());
    drafts.add(d);
    add(d, p);
    return true;
  }

  /**
   * The price of the type that carries the pod and the pods queued behind it that could share its
   * node most cheaply per unit of work (each pod's work is valued at its cheapest fractional cost).
   */
  private double priceCap(
      PodState p,
      PoolOption pool,
      BitSet fitting,
      long slotMask,
      List<PodState> queue,
      int position) {
    List<PodState> window = new ArrayList<>(LOOKAHEAD);
    Requirements reqs = p.requirements();
    for (int i = position + 1; i < queue.size() && window.size() < LOOKAHEAD; i++) {
      PodState q = queue.get(i);
      if (q.placed || q.facts.spreadsPerNode() || !q.facts.pod.hostPorts().isEmpty()) {
        continue;
      }
      Requirements qr = q.requirements();
      if (!qr.isEmpty() && !qr.equals(reqs)) {
        continue;
      }
      if (!pool.pool.taints().isEmpty() && !tolerates(q, pool.pool.taints())) {
        continue;
      }
      window.add(q);
    }
    double ownValue = values.value(pool, p.facts);
    double windowValue = ownValue;
    double[] windowValues = new double[window.size()];
    for (int w = 0; w < windowValues.length; w++) {
      windowValues[w] = values.value(pool, window.get(w).facts);
      windowValue += windowValues[w];
    }
    double bestRatio = Double.POSITIVE_INFINITY;
    double bestPrice = Double.POSITIVE_INFINITY;
    long[] remaining = new long[p.facts.requests.length];
    // Types come in ascending order of their cheapest price over the pool's slots, which a
    // narrower mask never undercuts: once that price cannot beat the best ratio, no later type can.
    boolean narrower = (slotMask & ~pool.allowedSlots) == 0;
    for (int i = fitting.nextSetBit(0); i >= 0; i = fitting.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      if (narrower && t.cheapest / windowValue >= bestRatio * (1 - 1e-12)) {
        break;
      }
      double price = t.price(slotMask);
      if (price / windowValue >= bestRatio * (1 - 1e-12)) {
        continue;
      }
      for (int d = 0; d < remaining.length; d++) {
        remaining[d] = t.allocatable[d] - p.facts.requests[d];
      }
      double value = ownValue;
      for (int w = 0; w < windowValues.length; w++) {
        long[] r = window.get(w).facts.requests;
        if (Dimensions.fits(r, remaining)) {
          for (int d = 0; d < remaining.length; d++) {
            remaining[d] -= r[d];
          }
          value += windowValues[w];
        }
      }
      double ratio = price / value;
      if (ratio < bestRatio * (1 - 1e-12)
          || (ratio <= bestRatio * (1 + 1e-12) && price < bestPrice)) {
        bestRatio = ratio;
        bestPrice = price;
      }
    }
    return bestPrice;
  }

  // ---- re-packing ----

  int newNodeId() {
    return nextNodeId++;
  }

  /** The price of the cheapest type that would fit the draft holding {@code used}. */
  double draftPrice(Draft d, long[] used) {
    return cheapest(d, used, false);
  }

  /**
   * The price of the cheapest type that {@link #fitting} (or, with {@code capToCommitted}, {@link
   * #finalCandidateSet}) would list for the draft holding {@code used}. The pool's types are in
   * ascending order of their cheapest price over the pool's slots, which no narrower slot mask
   * undercuts, so the scan stops at the first type that cannot beat the best price found.
   */
  private double cheapest(Draft d, long[] used, boolean capToCommitted) {
    boolean narrower = (d.slotMask & ~d.pool.allowedSlots) == 0;
    double best = Double.POSITIVE_INFINITY;
    for (int i = d.compatible.nextSetBit(0); i >= 0; i = d.compatible.nextSetBit(i + 1)) {
      TypeOption t = d.pool.types[i];
      if (narrower && t.cheapest >= best) {
        break;
      }
      if (d.withinLimits.get(i)
          && (t.offerMask & d.slotMask) != 0
          && Dimensions.fits(used, t.allocatable)
          && !(capToCommitted && exceedsCommitted(d, i))) {
        best = Math.min(best, t.price(d.slotMask));
      }
    }
    return best;
  }

  /** A type larger than the capacity the draft reserved against the limits while packing. */
  private static boolean exceedsCommitted(Draft d, int i) {
    if (d.types.get(i)) {
      return false;
    }
    long[] capacity = d.pool.limitCapacity(i);
    for (int j = 0; j < capacity.length; j++) {
      if (capacity[j] > d.committedLimits[j]) {
        return true;
      }
    }
    return false;
  }

  BitSet fittingTypes(Draft d) {
    return fitting(d);
  }

  /** Replaces the planned nodes (after a re-packing of their pods). */
  void replaceDrafts(List<Draft> kept, List<Draft> added) {
    drafts.clear();
    drafts.addAll(kept);
    drafts.addAll(added);
    cost = Double.NaN;
    fullListsFit.clear();
  }

  // ---- results ----

  /** Every type that fits what the node finally holds, in price order (for the plan). */
  CandidateList finalCandidates(Draft d) {
    return new CandidateList(d.pool, finalCandidateSet(d), d.slotMask, problem.slots);
  }

  private BitSet finalCandidateSet(Draft d) {
    BitSet fit = fitting(d);
    if (d.pool.hasLimits() && !fullListsWithinLimits(d.pool)) {
      // Launching any candidate must stay within the limits: keep types no larger than the
      // capacity this node reserved while packing.
      for (int i = fit.nextSetBit(0); i >= 0; i = fit.nextSetBit(i + 1)) {
        if (exceedsCommitted(d, i)) {
          fit.clear(i);
        }
      }
    }
    return fit;
  }

  private BitSet fitting(Draft d) {
    BitSet fit = (BitSet) d.compatible.clone();
    fit.and(d.withinLimits);
    for (int i = fit.nextSetBit(0); i >= 0; i = fit.nextSetBit(i + 1)) {
      TypeOption t = d.pool.types[i];
      if ((t.offerMask & d.slotMask) == 0 || !Dimensions.fits(d.used, t.allocatable)) {
        fit.clear(i);
      }
    }
    return fit;
  }

  private final java.util.Map<PoolOption, Boolean> fullListsFit = new java.util.HashMap<>();

  /**
   * True when every planned node of the pool could be launched as its largest fitting type and the
   * pool would still be within its limits: then each node lists every fitting type.
   */
  private boolean fullListsWithinLimits(PoolOption pool) {
    return fullListsFit.computeIfAbsent(
        pool,
        p -> {
          long[] total = new long[p.limitCount()];
          for (Draft d : drafts) {
            if (d.pool != p) {
              continue;
            }
            long[] max = new long[total.length];
            BitSet fit = fitting(d);
            for (int i = fit.nextSetBit(0); i >= 0; i = fit.nextSetBit(i + 1)) {
              long[] capacity = p.limitCapacity(i);
              for (int j = 0; j < max.length; j++) {
                max[j] = Math.max(max[j], capacity[j]);
              }
            }
            for (int j = 0; j < total.length; j++) {
              total[j] += max[j];
            }
          }
          return p.withinRemaining(total);
        });
  }
}
