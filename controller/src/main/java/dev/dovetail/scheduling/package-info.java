/**
 * The scheduling engine: an immutable cluster snapshot in, an immutable plan out.
 *
 * <p>The engine is pure. It performs no I/O, reads no clock, talks to no Kubernetes or AWS client
 * and binds no logging backend, so the provisioner, the consolidation simulation, {@code dovetail
 * plan} and the benchmarks can all call it and get the same answer for the same snapshot.
 *
 * <p>Entry point: {@link dev.dovetail.scheduling.solver.Scheduler#solve}. Inputs: {@link
 * dev.dovetail.scheduling.Snapshot} (node pools with their {@link
 * dev.dovetail.scheduling.InstanceType}s, existing nodes, pending {@link
 * dev.dovetail.scheduling.Pod}s). Output: {@link dev.dovetail.scheduling.Plan}.
 *
 * <p>This package holds the value types (snapshot, plan, pods, pools, instance types) and the
 * requirement algebra; the solver itself is in {@link dev.dovetail.scheduling.solver}.
 */
package dev.dovetail.scheduling;
