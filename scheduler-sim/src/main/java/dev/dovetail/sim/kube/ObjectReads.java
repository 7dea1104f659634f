package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Where the simulated kubelet, kube-scheduler and workload controllers read the Nodes and Pods they
 * act on. By default they list them from the API server; a simulation that already follows them
 * with informers hands out its caches instead (current up to every write made so far), which saves
 * the two largest lists per pass. The objects returned are read, never changed.
 */
public interface ObjectReads {
  List<Node> nodes();

  List<Pod> pods();

  /** Lists through the API server on every call. */
  static ObjectReads of(KubernetesClient client) {
    return new ObjectReads() {
      @Override
      public List<Node> nodes() {
        return client.nodes().list().getItems();
      }

      @Override
      public List<Pod> pods() {
        return client.pods().inAnyNamespace().list().getItems();
      }
    };
  }
}
