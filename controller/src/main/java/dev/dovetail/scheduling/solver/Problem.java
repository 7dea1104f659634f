package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A snapshot compiled once per solve and shared by every packing run: resource dimensions, offering
 * slots, node pools in weight order with their types in price order, pods in first-fit-decreasing
 * order with their topology terms bound, and existing nodes in upstream's order.
 */
final class Problem {
  final Snapshot snapshot;
  final Dimensions dims;
  final Slots slots;
  final List<PoolOption> pools = new ArrayList<>();
  final List<PodFacts> pods = new ArrayList<>();

  /** Indices into {@code snapshot.existingNodes()}: initialized nodes first, then by name. */
  final int[] existingOrder;

  final long[][] existingFree;
  final Topology topology;
  final boolean softTaintsExist;

  /**
   * @param cache where compiled pools come from: a {@link Scheduler.Session}'s, or a fresh one
   */
  Problem(Snapshot snapshot, SolveCache cache) {
    this.snapshot = snapshot;
    this.dims = Dimensions.of(snapshot);
    this.slots = cache.slots(snapshot.nodePools());
    List<NodePool> sortedPools = new ArrayList<>(snapshot.nodePools());
    sortedPools.sort(
        Comparator.comparingInt(NodePool::weight).reversed().thenComparing(NodePool::name));
    for (NodePool pool : sortedPools) {
      pools.add(new PoolOption(cache.pool(pool, dims, slots), pools.size()));
    }
    List<Pod> sortedPods = new ArrayList<>(snapshot.pods());
    sortedPods.sort(FIRST_FIT_DECREASING);
    for (int i = 0; i < sortedPods.size(); i++) {
      pods.add(new PodFacts(i, sortedPods.get(i), dims));
    }
    List<ExistingNode> nodes = snapshot.existingNodes();
    existingOrder = cache.existingOrder(nodes);
    existingFree = new long[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      existingFree[i] = dims.of(nodes.get(i).available());
    }
    topology = Topology.build(snapshot, pods, pools, slots);
    softTaintsExist = pools.stream().anyMatch(p -> p.compiled.hasPreferNoSchedule);
  }

  /** Initialized nodes first, then by name (stable: equal names keep the snapshot's order). */
  static int[] upstreamOrder(List<ExistingNode> nodes) {
    int n = nodes.size();
    boolean[] initialized = new boolean[n];
    String[] names = new String[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      initialized[i] = nodes.get(i).initialized();
      names[i] = nodes.get(i).name();
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) ->
            initialized[a] != initialized[b]
                ? (initialized[a] ? -1 : 1)
                : names[a].compareTo(names[b]));
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /** CPU descending, memory descending, then creation order, then uid (upstream's pod order). */
  static final Comparator<Pod> FIRST_FIT_DECREASING =
      Comparator.<Pod>comparingLong(p -> -p.requests().cpuMillis())
          .thenComparingLong(p -> -p.requests().memoryBytes())
          .thenComparingLong(Pod::creationOrder)
          .thenComparing(Pod::uid);
}
