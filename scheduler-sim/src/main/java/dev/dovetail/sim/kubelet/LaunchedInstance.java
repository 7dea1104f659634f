package dev.dovetail.sim.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running cloud instance that should become a Node: what a real kubelet would learn from its
 * instance metadata and its configuration.
 *
 * @param instanceId for example {@code i-0abc…}
 * @param providerId for example {@code aws:///us-west-2a/i-0abc…}; the Node's {@code
 *     spec.providerID}
 * @param nodeName the Node name, for example the private DNS name
 * @param instanceType for {@code node.kubernetes.io/instance-type}
 * @param zone for {@code topology.kubernetes.io/zone}
 * @param labels extra labels the kubelet registers with ({@code --node-labels})
 * @param registerTaints taints the kubelet registers with ({@code --register-with-taints})
 * @param capacity the node's capacity
 * @param allocatable the node's allocatable resources
 * @param launchTime when the instance was launched; registration follows after the boot delay
 */
public record LaunchedInstance(
    String instanceId,
    String providerId,
    String nodeName,
    String instanceType,
    String zone,
    Map<String, String> labels,
    List<Taint> registerTaints,
    Map<String, Quantity> capacity,
    Map<String, Quantity> allocatable,
    Instant launchTime) {
  public LaunchedInstance {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(launchTime, "launchTime");
    labels = Map.copyOf(labels);
    registerTaints = List.copyOf(registerTaints);
    capacity = Map.copyOf(capacity);
    allocatable = Map.copyOf(allocatable);
  }
}
