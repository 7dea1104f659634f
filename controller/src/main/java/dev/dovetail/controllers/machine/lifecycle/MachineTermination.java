package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Machine's finalizer: deletes its Node (whose own finalizer cordons, drains and terminates),
 * waits until the Node is gone, terminates the instance until the cloud reports it not found, then
 * removes the finalizer.
 */
final class MachineTermination {
  private static final Logger LOG = LoggerFactory.getLogger(MachineTermination.class);

  /** How often a deleting Machine checks whether its Node is gone. */
  static final Duration NODE_WAIT = Duration.ofSeconds(5);

  /** How often a deleting Machine asks again whether its instance has terminated. */
  static final Duration INSTANCE_WAIT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final CloudProvider cloudProvider;
  private final ClusterLookup lookup;

  MachineTermination(KubernetesClient client, CloudProvider cloudProvider, ClusterLookup lookup) {
    this.client = client;
    this.cloudProvider = cloudProvider;
    this.lookup = lookup;
  }

  Result finalize(Machine machine) {
    List<String> finalizers = machine.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(Keys.TERMINATION_FINALIZER)) {
      return Result.done();
    }
    String providerId = machine.getStatus() == null ? null : machine.getStatus().providerID();
    String nodeName = machine.getStatus() == null ? null : machine.getStatus().nodeName();
    if (providerId != null) {
      List<Node> nodes = lookup.nodesByProviderId(providerId);
      for (Node node : nodes) {
        if (node.getMetadata().getDeletionTimestamp() == null) {
          client.nodes().withName(node.getMetadata().getName()).delete();
        }
      }
      if (!nodes.isEmpty()) {
        return Result.requeueAfter(NODE_WAIT);
      }
      try {
        cloudProvider.delete(providerId);
        return Result.requeueAfter(INSTANCE_WAIT);
      } catch (MachineNotFoundException gone) {
        // Terminated: the finalizer can go.
      } catch (CloudProviderException e) {
        return Result.failed(
            new IllegalStateException("terminating cloudprovider instance, " + e.getMessage(), e));
      }
    }
    List<String> remaining = new ArrayList<>(finalizers);
    remaining.remove(Keys.TERMINATION_FINALIZER);
    machine.getMetadata().setFinalizers(remaining);
    client.resources(Machine.class).resource(machine).update();
    LOG.atInfo()
        .addKeyValue("machine", machine.getMetadata().getName())
        .addKeyValue("provisioner", labelOf(machine))
        .addKeyValue("provider-id", providerId)
        .addKeyValue("node", nodeName)
        .log("deleted machine");
    return Result.done();
  }

  private static String labelOf(Machine machine) {
    return machine.getMetadata().getLabels() == null
        ? null
        : machine.getMetadata().getLabels().get(Keys.PROVISIONER_NAME);
  }
}
