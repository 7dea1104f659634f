package dev.dovetail.plan;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.controllers.deprovisioning.Command;
import dev.dovetail.controllers.deprovisioning.DeprovisioningController;
import dev.dovetail.controllers.deprovisioning.Evaluation;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.snapshot.VolumeTopology;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * {@code dovetail plan --kubeconfig … --consolidation}: what the deprovisioner would do on a
 * running cluster now and why, read-only. Cluster state is built from list calls, the instance
 * types and prices come from the catalog, and the deprovisioner's methods run in upstream order
 * without the 15 s validation wait; events are printed instead of published.
 */
public final class ConsolidationPreview {
  private final List<InstanceType> instanceTypes;
  private final Clock clock;

  public ConsolidationPreview(List<InstanceType> instanceTypes, Clock clock) {
    this.instanceTypes = List.copyOf(instanceTypes);
    this.clock = clock;
  }

  public DeprovisioningController.Preview preview(KubernetesClient client) {
    ClusterState state = new ClusterState(clock);
    client.nodes().list().getItems().forEach(state::updateNode);
    client.resources(Machine.class).list().getItems().forEach(state::updateMachine);
    client.pods().inAnyNamespace().list().getItems().forEach(state::updatePod);
    client.apps().daemonSets().inAnyNamespace().list().getItems().forEach(state::updateDaemonSet);
    DeprovisioningController controller =
        new DeprovisioningController(
            client,
            ClusterReads.of(client),
            state,
            () -> true,
            new SnapshotBuilder(pool -> instanceTypes, AwsConventions.DEFAULTS::apply)
                .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels())
                .withVolumes(VolumeTopology.lookup(client)),
            DeprovisioningController.pdbsOf(client),
            null,
            e -> {},
            new SimpleMeterRegistry(),
            clock,
            new Random(0),
            DeprovisioningController.Settings.DEFAULT);
    return controller.preview(e -> {});
  }

  /** The preview as text. */
  public static void print(
      DeprovisioningController.Preview preview, String source, PrintWriter out) {
    out.println("Deprovisioning preview of " + source + " (read-only, nothing was changed)");
    if (preview.command().isPresent()) {
      Command command = preview.command().get();
      out.println("Would run: " + command.describe());
      if (command.method().validates()) {
        out.println("  (consolidation waits 15 s and re-checks the command before it runs)");
      }
    } else {
      out.println("Nothing to do now.");
    }
    if (!preview.findings().isEmpty()) {
      out.println("Left alone:");
      for (Evaluation.Finding f : preview.findings()) {
        out.println("  " + f.node() + ": " + f.reason() + ": " + f.message());
      }
    }
    out.flush();
  }
}
