package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Snapshot;
import java.util.ArrayList;
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

  Problem(Snapshot snapshot) {
    this.snapshot = snapshot;
    this.dims = Dimensions.of(snapshot);
    this.slots = Slots.of(snapshot);
    List<NodePool> sortedPools = new ArrayList<>(snapshot.nodePools());
    sortedPools.sort(
        Comparator.comparingInt(NodePool::weight).reversed().thenComparing(NodePool::name));
    for (NodePool pool : sortedPools) {
      pools.add(new PoolOption(pool, pools.size(), dims, slots));
    }
    List<Pod> sortedPods = new ArrayList<>(snapshot.pods());
    sortedPods.sort(FIRST_FIT_DECREASING);
    for (int i = 0; i < sortedPods.size(); i++) {
      pods.add(new PodFacts(i, sortedPods.get(i), dims));
    }
    List<ExistingNode> nodes = snapshot.existingNodes();
    existingOrder =
        java.util.stream.IntStream.range(0, nodes.size())
            .boxed()
            .sorted(
                Comparator.<Integer, Boolean>comparing(i -> !nodes.get(i).initialized())
                    .thenComparing(i -> nodes.get(i).name()))
            .mapToInt(Integer::intValue)
            .toArray();
    existingFree = new long[nodes.size()][];
    for (int i = 0; i < nodes.size(); i++) {
      existingFree[i] = dims.of(nodes.get(i).available());
    }
    topology = Topology.build(snapshot, pods, pools, slots);
    softTaintsExist = pools.stream().anyMatch(p -> p.hasPreferNoSchedule);
  }

  /** CPU descending, memory descending, then creation order, then uid (upstream's pod order). */
  static final Comparator<Pod> FIRST_FIT_DECREASING =
      Comparator.<Pod>comparingLong(p -> -p.requests().cpuMillis())
          .thenComparingLong(p -> -p.requests().memoryBytes())
          .thenComparingLong(Pod::creationOrder)
          .thenComparing(Pod::uid);
}
