/**
 * The {@code karpenter.sh/v1alpha5} API (Provisioner, Machine) exactly as Karpenter v0.27–v0.31
 * users write it. These are wire types only: validation lives in {@code
 * dev.dovetail.api.validation}, and the rest of Dovetail works on the internal model in {@code
 * dev.dovetail.model}.
 */
package dev.dovetail.api.v1alpha5;
