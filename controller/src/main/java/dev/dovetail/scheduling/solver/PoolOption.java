package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;

/**
 * A node pool in one solve: its {@link CompiledPool} (types in price order, shared between the
 * solves of a {@link Scheduler.Session}), its position in weight order, and the limit accounting of
 * the packing in progress.
 */
final class PoolOption {
  final CompiledPool compiled;
  final NodePool pool;
  final int index;
  final Requirements requirements;

  /** {@link NodePool#wellKnownLabels()}. */
  final Set<String> wellKnown;

  final long allowedSlots;
  final TypeOption[] types;

  /** What is committed of each limit ({@link CompiledPool#limitNames}) by the packing running. */
  private final long[] limitCommitted;

  PoolOption(CompiledPool compiled, int index) {
    this.compiled = compiled;
    this.pool = compiled.pool;
    this.index = index;
    this.requirements = compiled.requirements;
    this.wellKnown = compiled.wellKnown;
    this.allowedSlots = compiled.allowedSlots;
    this.types = compiled.types;
    this.limitCommitted = new long[compiled.limitNames.length];
  }

  String name() {
    return pool.name();
  }

  /**
   * The types whose labels are compatible with a pod's requirements (cached per requirement set;
   * the set must not be changed).
   */
  BitSet compatible(Requirements podRequirements) {
    return compiled.compatible(podRequirements);
  }

  boolean hasLimits() {
    return compiled.limitNames.length > 0;
  }

  /** True when launching one more node of this type stays within the pool's remaining limits. */
  boolean withinLimits(int type) {
    long[] capacity = compiled.limitCapacity[type];
    for (int i = 0; i < compiled.limitNames.length; i++) {
      if (limitCommitted[i] + capacity[i] > compiled.limitRemaining[i]) {
        return false;
      }
    }
    return true;
  }

  /** The largest capacity among the types, per limited resource: what a planned node uses up. */
  long[] largestCapacity(BitSet candidates) {
    long[] max = new long[compiled.limitNames.length];
    for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
      for (int j = 0; j < compiled.limitNames.length; j++) {
        max[j] = Math.max(max[j], compiled.limitCapacity[i][j]);
      }
    }
    return max;
  }

  /** Capacity of a type in each limited resource. */
  long[] limitCapacity(int type) {
    return compiled.limitCapacity[type];
  }

  /** True when a total capacity per limited resource stays within what was left of the limits. */
  boolean withinRemaining(long[] total) {
    for (int j = 0; j < compiled.limitNames.length; j++) {
      if (total[j] > compiled.limitRemaining[j]) {
        return false;
      }
    }
    return true;
  }

  int limitCount() {
    return compiled.limitNames.length;
  }

  void commit(long[] previous, long[] now) {
    for (int j = 0; j < compiled.limitNames.length; j++) {
      limitCommitted[j] += now[j] - (previous == null ? 0 : previous[j]);
    }
  }

  /** Which limits stop every type, for explanations. */
  String limitsSummary() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < compiled.limitNames.length; i++) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(compiled.limitNames[i])
          .append(' ')
          .append(
              Resources.format(
                  compiled.limitNames[i],
                  Math.max(0, compiled.limitRemaining[i] - limitCommitted[i])))
          .append(" left");
    }
    return sb.toString();
  }

  void resetLimits() {
    Arrays.fill(limitCommitted, 0);
  }
}
