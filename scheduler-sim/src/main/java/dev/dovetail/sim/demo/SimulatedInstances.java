package dev.dovetail.sim.demo;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.aws.api.v1alpha1.AwsLabels;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.sim.kubelet.InstanceSource;
import dev.dovetail.sim.kubelet.LaunchedInstance;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The simulated EC2 backend's running instances as the simulated kubelet sees them. A real kubelet
 * learns its capacity from the machine and its labels and taints from the launch template's user
 * data; here both come from the Machine the instance was launched for (its {@code status.capacity}
 * and {@code allocatable}, labels and taints), plus the labels every EKS node carries.
 */
public final class SimulatedInstances implements InstanceSource {
  private final SimulatedAws aws;
  private final Supplier<List<Machine>> machines;

  public SimulatedInstances(SimulatedAws aws, KubernetesClient client) {
    this(aws, () -> client.resources(Machine.class).list().getItems());
  }

  /** Reads the Machines from {@code machines} (an informer's cache, say) instead of the API. */
  public SimulatedInstances(SimulatedAws aws, Supplier<List<Machine>> machines) {
    this.aws = aws;
    this.machines = machines;
  }

  @Override
  public List<LaunchedInstance> runningInstances() {
    Map<String, Machine> byProviderId = new HashMap<>();
    for (Machine m : machines.get()) {
      if (m.getStatus() != null && m.getStatus().providerID() != null) {
        byProviderId.put(m.getStatus().providerID(), m);
      }
    }
    List<LaunchedInstance> result = new ArrayList<>();
    for (SimulatedAws.Instance instance : aws.liveInstances()) {
      String providerId = "aws:///" + instance.zone() + "/" + instance.id();
      Machine machine = byProviderId.get(providerId);
      if (machine == null
          || machine.getStatus().capacity() == null
          || machine.getStatus().allocatable() == null) {
        continue; // not launched by Dovetail, or its Machine not updated yet
      }
      Map<String, String> labels = new TreeMap<>();
      if (machine.getMetadata().getLabels() != null) {
        labels.putAll(machine.getMetadata().getLabels());
      }
      String type = instance.instanceType();
      labels.put(WellKnownLabels.INSTANCE_TYPE, type);
      labels.put(WellKnownLabels.ZONE, instance.zone());
      labels.put(WellKnownLabels.REGION, aws.region());
      labels.put(WellKnownLabels.CAPACITY_TYPE, instance.capacityType().label());
      labels.putIfAbsent(WellKnownLabels.OS, "linux");
      labels.putIfAbsent(WellKnownLabels.ARCH, "amd64");
      int dot = type.indexOf('.');
      if (dot > 0) {
        labels.putIfAbsent(AwsLabels.INSTANCE_FAMILY, type.substring(0, dot));
        labels.putIfAbsent(AwsLabels.INSTANCE_SIZE, type.substring(dot + 1));
      }
      List<Taint> taints = new ArrayList<>();
      if (machine.getSpec() != null) {
        if (machine.getSpec().taints() != null) {
          taints.addAll(machine.getSpec().taints());
        }
        if (machine.getSpec().startupTaints() != null) {
          taints.addAll(machine.getSpec().startupTaints());
        }
      }
      result.add(
          new LaunchedInstance(
              instance.id(),
              providerId,
              nodeName(instance),
              type,
              instance.zone(),
              labels,
              taints,
              machine.getStatus().capacity(),
              machine.getStatus().allocatable(),
              instance.launchTime()));
    }
    return result;
  }

  /** An EC2-style private DNS name derived from the instance id. */
  private String nodeName(SimulatedAws.Instance instance) {
    int h = instance.id().hashCode() & 0xffff;
    return "ip-10-0-" + (h >> 8) + "-" + (h & 0xff) + "." + aws.region() + ".compute.internal";
  }
}
