package dev.dovetail.controllers;

import dev.dovetail.scheduling.WellKnownLabels;

/** Labels, annotations, finalizers and condition types the controllers read and write. */
public final class Keys {
  /** On Machines (added by the lifecycle controller) and Nodes (added at registration). */
  public static final String TERMINATION_FINALIZER = "karpenter.sh/termination";

  public static final String PROVISIONER_NAME = WellKnownLabels.PROVISIONER_NAME;
  public static final String REGISTERED = WellKnownLabels.REGISTERED;
  public static final String INITIALIZED = WellKnownLabels.INITIALIZED;

  /** Pod annotation that blocks voluntary disruption of its node. */
  public static final String DO_NOT_EVICT = "karpenter.sh/do-not-evict";

  /** Node annotation that keeps consolidation away from the node (v1alpha5). */
  public static final String DO_NOT_CONSOLIDATE = "karpenter.sh/do-not-consolidate";

  /** Machines adopted from instances launched without one. */
  public static final String LINKED = "karpenter.sh/linked";

  /** Set while a node drains so that load balancers stop sending it traffic. */
  public static final String EXCLUDE_FROM_LOAD_BALANCERS =
      "node.kubernetes.io/exclude-from-external-load-balancers";

  public static final String MACHINE_LAUNCHED = "MachineLaunched";
  public static final String MACHINE_REGISTERED = "MachineRegistered";
  public static final String MACHINE_INITIALIZED = "MachineInitialized";
  public static final String READY = "Ready";

  private Keys() {}
}
