package dev.dovetail.cloudprovider;

import java.util.Objects;

/**
 * Which instance types a node pool can use: its node class and kubelet configuration decide the
 * zones, the capacity and the overhead.
 *
 * @param nodePoolName the node pool (Provisioner) name
 * @param nodeClassRef its node class
 * @param kubelet its kubelet configuration
 */
public record InstanceTypeQuery(
    String nodePoolName, NodeClassRef nodeClassRef, KubeletSettings kubelet) {
  public InstanceTypeQuery {
    Objects.requireNonNull(nodePoolName, "nodePoolName");
    Objects.requireNonNull(nodeClassRef, "nodeClassRef");
    kubelet = Objects.requireNonNullElse(kubelet, KubeletSettings.DEFAULTS);
  }
}
