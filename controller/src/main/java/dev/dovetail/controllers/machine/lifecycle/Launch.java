package dev.dovetail.controllers.machine.lifecycle;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.Resources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches the Machine's instance through the {@link CloudProvider} and records what came back:
 * provider id, capacity, allocatable and the resolved labels (cloud-provider labels, overridden by
 * single-value requirements, overridden by the Machine's own labels). Insufficient capacity deletes
 * the Machine so the pods are planned again; other failures mark {@code MachineLaunched=False} and
 * back off. A retry after a lost status write is safe: {@code create} is idempotent per Machine.
 */
final class Launch implements LifecycleStep {
  private static final Logger LOG = LoggerFactory.getLogger(Launch.class);
  private static final int MAX_MESSAGE = 300;

  private final KubernetesClient client;
  private final CloudProvider cloudProvider;
  private final EventRecorder events;
  private final LifecycleMetrics metrics;

  Launch(
      KubernetesClient client,
      CloudProvider cloudProvider,
      EventRecorder events,
      LifecycleMetrics metrics) {
    this.client = client;
    this.cloudProvider = cloudProvider;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public Result reconcile(MachineReconcile m) {
    if (MachineConditions.isTrue(m.status, Keys.MACHINE_LAUNCHED)) {
      return Result.done();
    }
    LaunchedMachine launched;
    try {
      LaunchRequest request = LaunchRequests.of(m, provisioner(m));
      launched = cloudProvider.create(request);
    } catch (InsufficientCapacityException e) {
      return insufficientCapacity(m, e);
    } catch (NodeClassNotReadyException e) {
      events.publish(LifecycleEvents.nodeClassNotReady(m.machine, e.getMessage()));
      m.status =
          MachineConditions.markFalse(
              m.status,
              Keys.MACHINE_LAUNCHED,
              "NodeClassNotReady",
              truncate(e.getMessage()),
              m.now);
      return Result.failed(new IllegalStateException("resolving node class, " + e.getMessage(), e));
    } catch (CloudProviderException | IllegalArgumentException e) {
      m.status =
          MachineConditions.markFalse(
              m.status, Keys.MACHINE_LAUNCHED, "LaunchFailed", truncate(e.getMessage()), m.now);
      return Result.failed(new IllegalStateException("creating machine, " + e.getMessage(), e));
    }
    populate(m, launched);
    m.status = MachineConditions.markTrue(m.status, Keys.MACHINE_LAUNCHED, m.now);
    metrics.machineLaunched(m.provisioner());
    LOG.atInfo()
        .addKeyValue("machine", m.name())
        .addKeyValue("provisioner", m.provisioner())
        .addKeyValue("provider-id", launched.providerId())
        .addKeyValue("instance-type", launched.instanceType())
        .addKeyValue("zone", launched.zone())
        .addKeyValue("capacity-type", launched.capacityType().label())
        .addKeyValue("allocatable", launched.allocatable().toQuantityStrings().toString())
        .log("launched machine");
    return Result.done();
  }

  private Provisioner provisioner(MachineReconcile m) {
    if (m.provisioner() == null) {
      return null;
    }
    return client.resources(Provisioner.class).withName(m.provisioner()).get();
  }

  private Result insufficientCapacity(MachineReconcile m, InsufficientCapacityException e) {
    LOG.atError()
        .addKeyValue("machine", m.name())
        .addKeyValue("provisioner", m.provisioner())
        .log(e.getMessage());
    events.publish(LifecycleEvents.insufficientCapacity(m.machine, e.getMessage()));
    client.resources(Machine.class).withName(m.name()).delete();
    metrics.machineTerminated(MetricNames.INSUFFICIENT_CAPACITY, m.provisioner());
    m.deleted = true;
    return Result.done();
  }

  /** Applies upstream's label precedence and copies what the cloud resolved into the status. */
  private static void populate(MachineReconcile m, LaunchedMachine launched) {
    Map<String, String> userLabels = new LinkedHashMap<>(m.labels);
    m.labels.clear();
    m.labels.putAll(launched.labels());
    m.labels.putAll(
        LaunchRequests.requirements(
                m.machine.getSpec() == null ? null : m.machine.getSpec().requirements())
            .labels());
    m.labels.putAll(userLabels);
    m.annotations.putAll(launched.annotations());
    MachineStatus s = m.status;
    m.status =
        new MachineStatus(
            launched.providerId(),
            quantities(launched.capacity()),
            quantities(launched.allocatable()),
            s.nodeName(),
            s.conditions());
  }

  /** Non-zero resources as API quantities. */
  static Map<String, Quantity> quantities(Resources resources) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    resources.toQuantityStrings().forEach((k, v) -> out.put(k, new Quantity(v)));
    return out;
  }

  static String truncate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
