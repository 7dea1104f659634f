package dev.dovetail.sim.testing;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.provisioning.Batcher;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.ProvisionerPoolReports;
import dev.dovetail.controllers.provisioning.ProvisioningController;
import dev.dovetail.controllers.provisioning.ProvisioningMetrics;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The controllers the end-to-end tests call directly, wired as the daemon wires them (AWS
 * defaulting, Provisioner validation), so each test builds them the same way.
 */
public final class TestControllers {
  private TestControllers() {}

  /** Cluster state as the informers would hold it now. */
  public static ClusterState stateOf(KubernetesClient client, Clock clock) {
    ClusterState state = new ClusterState(clock);
    client.nodes().list().getItems().forEach(state::updateNode);
    client.resources(Machine.class).list().getItems().forEach(state::updateMachine);
    client.pods().inAnyNamespace().list().getItems().forEach(state::updatePod);
    return state;
  }

  /** The provisioning batcher with the daemon's default idle (1 s) and maximum (10 s) windows. */
  public static Batcher batcher(Clock clock) {
    return new Batcher(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
  }

  /** A provisioning controller over {@code state}, always leader. */
  public static ProvisioningController provisioning(
      KubernetesClient client,
      ClusterState state,
      CloudProvider cloud,
      Batcher batcher,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock,
      Random random) {
    return new ProvisioningController(
        client,
        ClusterReads.of(client),
        state,
        () -> true,
        batcher,
        new SnapshotBuilder(cloud, AwsConventions.DEFAULTS::apply)
            .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels())
            .withValidation(
                new ProvisionerValidator(AwsConventions.CONVENTIONS.labelPolicy())::check,
                new ProvisionerPoolReports(client, events, clock)),
        events,
        new LifecycleMetrics(registry),
        new ProvisioningMetrics(registry),
        clock,
        random,
        SolveOptions.DEFAULT);
  }
}
