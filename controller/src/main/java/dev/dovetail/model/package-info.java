/**
 * Dovetail's one internal model of node pools, independent of API versions. The v1alpha5
 * Provisioner is an adapter onto it ({@link dev.dovetail.model.ProvisionerAdapter}), as upstream
 * converts every Provisioner into an in-memory NodePool; a v1 NodePool adapter can be added without
 * touching the engine. Plain data only: no fabric8 types, no requirement algebra.
 */
package dev.dovetail.model;
