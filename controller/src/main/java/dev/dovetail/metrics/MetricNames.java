package dev.dovetail.metrics;

/**
 * Meter names and tag keys, named as upstream Karpenter v0.31 names them. Micrometer's Prometheus
 * registry adds the unit and type suffixes: a counter {@code karpenter_machines_created} is exposed
 * as {@code karpenter_machines_created_total}, a timer {@code karpenter_cloudprovider_duration} as
 * {@code karpenter_cloudprovider_duration_seconds}.
 */
public final class MetricNames {
  public static final String MACHINES_CREATED = "karpenter_machines_created";
  public static final String MACHINES_LAUNCHED = "karpenter_machines_launched";
  public static final String MACHINES_REGISTERED = "karpenter_machines_registered";
  public static final String MACHINES_INITIALIZED = "karpenter_machines_initialized";
  public static final String MACHINES_TERMINATED = "karpenter_machines_terminated";
  public static final String NODES_CREATED = "karpenter_nodes_created";
  public static final String NODES_TERMINATED = "karpenter_nodes_terminated";
  public static final String NODES_TERMINATION_TIME = "karpenter_nodes_termination_time";
  public static final String CLOUDPROVIDER_DURATION = "karpenter_cloudprovider_duration";
  public static final String CLOUDPROVIDER_ERRORS = "karpenter_cloudprovider_errors";

  public static final String PROVISIONER = "provisioner";
  public static final String REASON = "reason";
  public static final String CONTROLLER = "controller";
  public static final String METHOD = "method";
  public static final String PROVIDER = "provider";
  public static final String ERROR = "error";

  /** Reasons of {@link #MACHINES_TERMINATED}. */
  public static final String INSUFFICIENT_CAPACITY = "insufficient_capacity";

  public static final String LIVENESS = "liveness";
  public static final String GARBAGE_COLLECTED = "garbage_collected";
  public static final String NODE_DELETED = "node_deleted";

  private MetricNames() {}
}
