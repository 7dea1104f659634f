package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * One provisioning pass's view of the cluster: the engine's snapshot plus what is needed to act on
 * its plan.
 *
 * @param snapshot what the engine solves
 * @param pools each usable Provisioner (defaulted), by name
 * @param pods the pending pods, by {@code namespace/name}
 * @param existing each existing or in-flight node the engine may place pods on, by engine name
 */
public record ClusterSnapshot(
    Snapshot snapshot,
    Map<String, Provisioner> pools,
    Map<String, Pod> pods,
    Map<String, StateNode> existing) {

  public ClusterSnapshot {
    pools = Map.copyOf(pools);
    pods = Map.copyOf(pods);
    existing = Map.copyOf(existing);
  }

  /** The same with the cluster's namespace labels, for namespace selectors in affinity terms. */
  public ClusterSnapshot withNamespaceLabels(Map<String, Map<String, String>> labels) {
    return labels.isEmpty()
        ? this
        : new ClusterSnapshot(snapshot.withNamespaceLabels(labels), pools, pods, existing);
  }
}
