package dev.dovetail.aws.instancetype;

import java.util.Optional;

/**
 * Allocatable values measured on real nodes that replace the overhead model's estimate (for example
 * from a catalog's {@code allocatable_*} columns).
 */
public record AllocatableOverride(
    Optional<Long> cpuMillis, Optional<Long> memoryMib, Optional<Long> pods) {
  public static final AllocatableOverride NONE =
      new AllocatableOverride(Optional.empty(), Optional.empty(), Optional.empty());

  public boolean isEmpty() {
    return cpuMillis.isEmpty() && memoryMib.isEmpty() && pods.isEmpty();
  }
}
