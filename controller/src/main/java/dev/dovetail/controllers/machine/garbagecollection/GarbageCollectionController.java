package dev.dovetail.controllers.machine.garbagecollection;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the cloud's instances with the Machines, both ways:
 *
 * <ul>
 *   <li>a Machine launched more than {@link #MACHINE_GRACE} ago whose instance the cloud no longer
 *       lists is deleted (its Node follows through the finalizers);
 *   <li>an instance older than {@link #INSTANCE_GRACE} that no Machine claims, by provider id or by
 *       the Machine name it was launched for (only while that Machine records no instance), is
 *       terminated and its Node deleted. This catches a controller that died between the launch and
 *       the Machine's status update once the Machine is gone, and a second instance launched for a
 *       Machine that records another one.
 * </ul>
 *
 * <p>Runs every 10 s for its first 20 passes, then every 2 min.
 */
public final class GarbageCollectionController implements SingletonReconciler {
  /** The controller name in logs and metrics. */
  public static final String NAME = "machine.garbagecollection";

  static final Duration MACHINE_GRACE = Duration.ofSeconds(10);
  static final Duration INSTANCE_GRACE = Duration.ofSeconds(30);
  static final Duration EARLY_PERIOD = Duration.ofSeconds(10);
  static final int EARLY_PASSES = 20;
  static final Duration PERIOD = Duration.ofMinutes(2);

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectionController.class);

  private final KubernetesClient client;
  private final CloudProvider cloudProvider;
  private final ClusterLookup lookup;
  private final LifecycleMetrics metrics;
  private final Clock clock;
  private int passes;

  public GarbageCollectionController(
      KubernetesClient client,
      CloudProvider cloudProvider,
      ClusterLookup lookup,
      LifecycleMetrics metrics,
      Clock clock) {
    this.client = client;
    this.cloudProvider = cloudProvider;
    this.lookup = lookup;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Result reconcile() {
    // Instances first: a Machine created after this list was taken is never mistaken for one whose
    // instance is gone, because it cannot have been launched 10 s before the list.
    List<LaunchedMachine> instances = cloudProvider.list();
    List<Machine> machines = lookup.machines();
    Instant now = clock.instant();
    collectMachines(machines, instances, now);
    collectInstances(instances, machines, now);
    passes++;
    return Result.requeueAfter(passes < EARLY_PASSES ? EARLY_PERIOD : PERIOD);
  }

  private void collectMachines(
      List<Machine> machines, List<LaunchedMachine> instances, Instant now) {
    Set<String> live = new HashSet<>();
    instances.forEach(i -> live.add(i.providerId()));
    for (Machine machine : machines) {
      if (machine.getMetadata().getDeletionTimestamp() != null || machine.getStatus() == null) {
        continue;
      }
      String providerId = machine.getStatus().providerID();
      Optional<Instant> launched =
          MachineConditions.isTrue(machine.getStatus(), Keys.MACHINE_LAUNCHED)
              ? MachineConditions.lastTransition(machine.getStatus(), Keys.MACHINE_LAUNCHED)
              : Optional.empty();
      if (providerId == null
          || live.contains(providerId)
          || launched.isEmpty()
          || Duration.between(launched.get(), now).compareTo(MACHINE_GRACE) < 0
          || stillExists(providerId)) {
        continue;
      }
      client.resources(Machine.class).withName(machine.getMetadata().getName()).delete();
      String provisioner =
          machine.getMetadata().getLabels() == null
              ? null
              : machine.getMetadata().getLabels().get(Keys.PROVISIONER_NAME);
      metrics.machineTerminated(MetricNames.GARBAGE_COLLECTED, provisioner);
      LOG.atInfo()
          .addKeyValue("machine", machine.getMetadata().getName())
          .addKeyValue("provisioner", provisioner)
          .addKeyValue("provider-id", providerId)
          .log("garbage collecting machine with no cloudprovider representation");
    }
  }

  /**
   * Whether the cloud still finds the instance by its id: a listing can lag behind a launch
   * (eventual consistency), and a Machine must not be deleted for that.
   */
  private boolean stillExists(String providerId) {
    try {
      cloudProvider.get(providerId);
      return true;
    } catch (MachineNotFoundException gone) {
      return false;
    }
  }

  private void collectInstances(
      List<LaunchedMachine> instances, List<Machine> machines, Instant now) {
    Set<String> claimedIds = new HashSet<>();
    // Machines that have not recorded an instance yet: their launch may still be in flight
    Set<String> unlaunchedNames = new HashSet<>();
    for (Machine machine : machines) {
      if (machine.getStatus() != null && machine.getStatus().providerID() != null) {
        claimedIds.add(machine.getStatus().providerID());
      } else {
        unlaunchedNames.add(machine.getMetadata().getName());
      }
    }
    for (LaunchedMachine instance : instances) {
      // The machine-name tag only protects an instance while its Machine has none recorded: once
      // the Machine records a different instance (a retry launched again before EC2 listed the
      // first one), the tagged one is a leak.
      boolean claimed =
          claimedIds.contains(instance.providerId())
              || (!instance.machineName().isEmpty()
                  && unlaunchedNames.contains(instance.machineName()));
      boolean young =
          instance.launchTime() != null
              && Duration.between(instance.launchTime(), now).compareTo(INSTANCE_GRACE) < 0;
      if (claimed || young) {
        continue;
      }
      try {
        cloudProvider.delete(instance.providerId());
      } catch (MachineNotFoundException alreadyGone) {
        // Terminated meanwhile; the Node may still be there.
      }
      for (Node node : lookup.nodesByProviderId(instance.providerId())) {
        if (node.getMetadata().getDeletionTimestamp() == null) {
          client.nodes().withName(node.getMetadata().getName()).delete();
        }
      }
      LOG.atInfo()
          .addKeyValue("provider-id", instance.providerId())
          .addKeyValue("instance-type", instance.instanceType())
          .addKeyValue("zone", instance.zone())
          .log("garbage collected cloudprovider instance");
    }
  }
}
