package dev.dovetail.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The Machine and Node lifecycle counters, tagged by provisioner (a bounded set; never machine or
 * node names).
 */
public final class LifecycleMetrics {
  private final MeterRegistry registry;

  public LifecycleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void machineCreated(String reason, String provisioner) {
    counter(MetricNames.MACHINES_CREATED, "Number of machines created in total by Karpenter.")
        .tag(MetricNames.REASON, reason)
        .tag(MetricNames.PROVISIONER, nonNull(provisioner))
        .register(registry)
        .increment();
  }

  public void machineLaunched(String provisioner) {
    byProvisioner(
        MetricNames.MACHINES_LAUNCHED,
        "Number of machines launched in total by Karpenter.",
        provisioner);
  }

  public void machineRegistered(String provisioner) {
    byProvisioner(
        MetricNames.MACHINES_REGISTERED,
        "Number of machines registered in total by Karpenter.",
        provisioner);
  }

  public void machineInitialized(String provisioner) {
    byProvisioner(
        MetricNames.MACHINES_INITIALIZED,
        "Number of machines initialized in total by Karpenter.",
        provisioner);
  }

  public void machineTerminated(String reason, String provisioner) {
    counter(MetricNames.MACHINES_TERMINATED, "Number of machines terminated in total by Karpenter.")
        .tag(MetricNames.REASON, reason)
        .tag(MetricNames.PROVISIONER, nonNull(provisioner))
        .register(registry)
        .increment();
  }

  public void nodeCreated(String provisioner) {
    byProvisioner(
        MetricNames.NODES_CREATED, "Number of nodes created in total by Karpenter.", provisioner);
  }

  public void nodeTerminated(String provisioner) {
    byProvisioner(
        MetricNames.NODES_TERMINATED,
        "Number of nodes terminated in total by Karpenter.",
        provisioner);
  }

  /** How long a node took from its deletion request to the removal of its finalizer. */
  public void nodeTerminationTime(Duration elapsed) {
    DistributionSummary.builder(MetricNames.NODES_TERMINATION_TIME)
        .description(
            "The time taken between a node's deletion request and the removal of its finalizer")
        .baseUnit("seconds")
        .publishPercentiles(0.0, 0.5, 0.9, 0.99, 1.0)
        .register(registry)
        .record(elapsed.toMillis() / 1000.0);
  }

  private void byProvisioner(String name, String description, String provisioner) {
    counter(name, description)
        .tag(MetricNames.PROVISIONER, nonNull(provisioner))
        .register(registry)
        .increment();
  }

  private static Counter.Builder counter(String name, String description) {
    return Counter.builder(name).description(description);
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
