/**
 * The scheduling engine: an immutable cluster snapshot in, an immutable plan out.
 *
 * <p>The engine is pure. It performs no I/O, reads no clock, talks to no Kubernetes or AWS client
 * and binds no logging backend, so the provisioner, the consolidation simulation, {@code dovetail
 * plan} and the benchmarks can all call it and get the same answer for the same snapshot.
 */
package dev.dovetail.scheduling;
