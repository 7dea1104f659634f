/**
 * The {@code karpenter.sh/v1alpha5} API (Provisioner, Machine) exactly as Karpenter v0.27–v0.31
 * users write it. These are wire types only: validation lives in {@code
 * dev.dovetail.api.validation}; the snapshot ({@code dev.dovetail.snapshot.NodePools}) translates a
 * Provisioner straight into the engine's node pool, and the cloud provider reads its node class
 * reference and kubelet configuration as they are.
 */
package dev.dovetail.api.v1alpha5;
