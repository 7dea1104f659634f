package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A necessary condition for removing a set of candidates, checked in microseconds before the engine
 * is asked: their pods (CPU, memory, pod slots) must fit in what the other initialized nodes have
 * free plus at most {@code maxNew} new nodes, each of a type that could cost less than the
 * candidates do now (the price rules refuse any other). When even that capacity is short, the
 * simulation would fail (a pod unscheduled, too many new nodes, or no cheaper replacement), so
 * consolidation does not ask the engine. In a tightly packed cluster most candidates fail here.
 */
final class MoveBound {
  /** Why a candidate the bound rules out stays. */
  static final String NO_ROOM =
      "Can't move its pods: the other initialized nodes and one node cheaper than it lack the room";

  private static final int DIMS = 3;

  private record Free(String node, long[] free) {}

  private record NewNode(double cheapest, long[] allocatable) {}

  /** What the pods of one candidate need: per dimension, their total and their smallest request. */
  private record Need(long[] total, long[] smallest, int pods) {}

  private final List<Free> initialized = new ArrayList<>();
  private final List<NewNode> types = new ArrayList<>();
  private final Map<CandidateNode, Need> needs = new IdentityHashMap<>();
  private final Function<Pod, Resources> requests;

  /**
   * @param requests what a candidate's pod requests (with its pod slot)
   */
  MoveBound(Snapshot snapshot, Function<Pod, Resources> requests) {
    this.requests = requests;
    for (ExistingNode n : snapshot.existingNodes()) {
      if (n.initialized()) {
        initialized.add(new Free(n.name(), vector(n.available())));
      }
    }
    for (NodePool pool : snapshot.nodePools()) {
      long[] daemons = vector(pool.daemonOverhead());
      for (InstanceType t : pool.instanceTypes()) {
        double cheapest = Double.POSITIVE_INFINITY;
        for (Offering o : t.offerings()) {
          if (o.available()) {
            cheapest = Math.min(cheapest, o.pricePerHour());
          }
        }
        long[] allocatable = vector(t.allocatable());
        for (int d = 0; d < DIMS; d++) {
          allocatable[d] -= daemons[d];
        }
        types.add(new NewNode(cheapest, allocatable));
      }
    }
  }

  /**
   * False when the candidates' pods cannot possibly move onto the other initialized nodes and at
   * most {@code maxNew} new nodes cheaper than the candidates; true when they might.
   */
  boolean mayMove(List<CandidateNode> candidates, int maxNew) {
    long[] total = new long[DIMS];
    long[] smallest = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    int pods = 0;
    Set<String> removed = new HashSet<>();
    for (CandidateNode c : candidates) {
      removed.add(c.name());
      Need need;
      try {
        need = needs.computeIfAbsent(c, this::need);
      } catch (IllegalArgumentException unreadable) {
        return true; // the simulation reports the pod it cannot read
      }
      for (int d = 0; d < DIMS; d++) {
        total[d] += need.total()[d];
        smallest[d] = Math.min(smallest[d], need.smallest()[d]);
      }
      pods += need.pods();
    }
    if (pods == 0) {
      return true;
    }
    double price = Command.priceOf(candidates);
    long[] largestNew = new long[DIMS];
    for (NewNode t : types) {
      if (t.cheapest() < price) {
        for (int d = 0; d < DIMS; d++) {
          largestNew[d] = Math.max(largestNew[d], t.allocatable()[d]);
        }
      }
    }
    long[] room = new long[DIMS];
    long slots = 0;
    for (Free n : initialized) {
      if (removed.contains(n.node())) {
        continue;
      }
      for (int d = 0; d < DIMS; d++) {
        room[d] += Math.max(0, n.free()[d]);
      }
      slots += slots(n.free(), smallest);
    }
    for (int d = 0; d < DIMS; d++) {
      if (total[d] > room[d] + maxNew * largestNew[d]) {
        return false;
      }
    }
    return pods <= slots + maxNew * slots(largestNew, smallest);
  }

  /** How many pods of at least {@code smallest} in every dimension fit in {@code free}. */
  private static long slots(long[] free, long[] smallest) {
    long fit = Long.MAX_VALUE;
    for (int d = 0; d < DIMS; d++) {
      if (smallest[d] > 0) {
        fit = Math.min(fit, Math.max(0, free[d]) / smallest[d]);
      }
    }
    return fit;
  }

  private Need need(CandidateNode c) {
    long[] total = new long[DIMS];
    long[] smallest = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (Pod p : c.pods()) {
      long[] r = vector(requests.apply(p));
      for (int d = 0; d < DIMS; d++) {
        total[d] += r[d];
        smallest[d] = Math.min(smallest[d], r[d]);
      }
    }
    return new Need(total, smallest, c.pods().size());
  }

  private static long[] vector(Resources r) {
    return new long[] {r.cpuMillis(), r.memoryBytes(), r.pods()};
  }
}
