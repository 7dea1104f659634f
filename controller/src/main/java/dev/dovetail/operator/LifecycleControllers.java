package dev.dovetail.operator;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.machine.garbagecollection.GarbageCollectionController;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.node.termination.ApiPodEvictor;
import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.controllers.node.termination.NodeTerminationController;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ExponentialBackoff;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.TaskScheduler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Machine lifecycle, node termination, eviction and garbage-collection controllers, built and
 * wired together, plus the event handlers informers call: {@link #onMachine} and {@link #onNode}.
 *
 * @param machineLifecycle per-Machine lifecycle, keyed by name
 * @param nodeTermination per-Node termination, keyed by name
 * @param evictions the eviction queue the termination controller feeds
 * @param garbageCollection the garbage-collection loop
 * @param lookup how Nodes not yet owned by a Machine are matched to one (by provider id)
 */
public record LifecycleControllers(
    ObjectController<String> machineLifecycle,
    ObjectController<String> nodeTermination,
    EvictionQueue evictions,
    SingletonLoop garbageCollection,
    ClusterLookup lookup) {

  /** Upstream runs termination with up to 100 concurrent reconciles; 10 suits our runtime. */
  private static final int TERMINATION_WORKERS = 10;

  private static final int LIFECYCLE_WORKERS = 10;

  /**
   * Builds the controllers. {@code cloudProvider} should already be decorated (metrics) by the
   * composition root.
   */
  public static LifecycleControllers create(
      KubernetesClient client,
      CloudProvider cloudProvider,
      ClusterLookup lookup,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock,
      TaskScheduler scheduler) {
    LifecycleMetrics metrics = new LifecycleMetrics(registry);
    EvictionQueue evictions =
        new EvictionQueue(new ApiPodEvictor(client), events, clock, scheduler, registry);
    ObjectController<String> lifecycle =
        new ObjectController<>(
            MachineLifecycleController.NAME,
            new MachineLifecycleController(client, cloudProvider, lookup, events, metrics, clock),
            LIFECYCLE_WORKERS,
            clock,
            scheduler,
            registry);
    ObjectController<String> termination =
        new ObjectController<>(
            NodeTerminationController.NAME,
            new NodeTerminationController(
                client, cloudProvider, lookup, evictions, events, metrics, clock),
            TERMINATION_WORKERS,
            clock,
            scheduler,
            registry,
            new ExponentialBackoff<>(Duration.ofMillis(100), Duration.ofSeconds(10)));
    SingletonLoop gc =
        new SingletonLoop(
            GarbageCollectionController.NAME,
            new GarbageCollectionController(client, cloudProvider, lookup, metrics, clock),
            clock,
            scheduler,
            registry);
    return new LifecycleControllers(lifecycle, termination, evictions, gc, lookup);
  }

  /**
   * A node that a Karpenter launch template started (its kubelet registers it with the provisioner
   * label) and that no Machine has taken over yet. Other nodes never cause a Machine lookup.
   */
  private static boolean awaitsRegistration(Node node) {
    var labels = node.getMetadata().getLabels();
    return labels != null
        && labels.containsKey(Keys.PROVISIONER_NAME)
        && !labels.containsKey(Keys.REGISTERED)
        && node.getSpec() != null
        && node.getSpec().getProviderID() != null;
  }

  /** Every controller, in start order. */
  public List<Controller> all() {
    return List.of(evictions, nodeTermination, machineLifecycle, garbageCollection);
  }

  /** A Machine was added, changed or deleted. */
  public void onMachine(Machine machine) {
    machineLifecycle.enqueue(machine.getMetadata().getName());
  }

  /**
   * A Node was added, changed or deleted: its Machine (the owner, or before registration the
   * Machine with the same provider id) re-checks registration and initialization, and a Node being
   * deleted is terminated.
   */
  public void onNode(Node node) {
    List<OwnerReference> owners = node.getMetadata().getOwnerReferences();
    List<String> machines =
        owners == null
            ? List.of()
            : owners.stream()
                .filter(o -> Machine.KIND.equals(o.getKind()))
                .map(OwnerReference::getName)
                .toList();
    if (machines.isEmpty() && awaitsRegistration(node)) {
      String providerId = node.getSpec().getProviderID();
      machines =
          lookup.machines().stream()
              .filter(m -> m.getStatus() != null && providerId.equals(m.getStatus().providerID()))
              .map(m -> m.getMetadata().getName())
              .toList();
    }
    machines.forEach(machineLifecycle::enqueue);
    if (node.getMetadata().getDeletionTimestamp() != null) {
      nodeTermination.enqueue(node.getMetadata().getName());
    }
  }
}
