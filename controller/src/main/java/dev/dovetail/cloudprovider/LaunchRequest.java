package dev.dovetail.cloudprovider;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Taint;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to launch for one Machine: its requirements (instance types, zones, capacity types, ...),
 * the resources its pods need, and what the node must carry.
 *
 * @param machineName the Machine's name; it identifies the launch, so retries are idempotent
 * @param nodePoolName the Provisioner (node pool) that asked for it
 * @param nodeClassRef the node class (AWSNodeTemplate) to launch with
 * @param requirements node requirements, including the candidate instance types
 * @param requests pods' requests plus daemonset overhead
 * @param labels labels for the node
 * @param taints taints for the node
 * @param startupTaints taints the node starts with, removed by a daemon once it is ready
 * @param kubelet kubelet configuration of the Machine, else of its Provisioner; null when neither
 *     sets one
 */
public record LaunchRequest(
    String machineName,
    String nodePoolName,
    ProviderRef nodeClassRef,
    Requirements requirements,
    Resources requests,
    Map<String, String> labels,
    List<Taint> taints,
    List<Taint> startupTaints,
    KubeletConfiguration kubelet) {

  public LaunchRequest {
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(nodePoolName, "nodePoolName");
    Objects.requireNonNull(nodeClassRef, "nodeClassRef");
    requirements = Objects.requireNonNullElse(requirements, Requirements.NONE);
    requests = Objects.requireNonNullElse(requests, Resources.NONE);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    startupTaints = startupTaints == null ? List.of() : List.copyOf(startupTaints);
  }
}
