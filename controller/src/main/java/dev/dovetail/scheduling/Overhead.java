package dev.dovetail.scheduling;

import java.util.Objects;

/**
 * What a node keeps for itself out of its capacity, as the kubelet computes it: kube-reserved,
 * system-reserved and the eviction threshold. Capacity minus {@link #total()} is allocatable.
 *
 * @param kubeReserved reserved for the kubelet and container runtime
 * @param systemReserved reserved for the operating system
 * @param evictionThreshold memory and disk kept free before the kubelet evicts
 */
public record Overhead(
    Resources kubeReserved, Resources systemReserved, Resources evictionThreshold) {
  public static final Overhead NONE = new Overhead(Resources.NONE, Resources.NONE, Resources.NONE);

  public Overhead {
    Objects.requireNonNull(kubeReserved, "kubeReserved");
    Objects.requireNonNull(systemReserved, "systemReserved");
    Objects.requireNonNull(evictionThreshold, "evictionThreshold");
  }

  public Resources total() {
    return kubeReserved.plus(systemReserved).plus(evictionThreshold);
  }
}
