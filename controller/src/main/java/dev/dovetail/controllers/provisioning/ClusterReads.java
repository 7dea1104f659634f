package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects a provisioning pass reads besides cluster state: Provisioners and pods. */
public interface ClusterReads {
  List<Provisioner> provisioners();

  List<Pod> pods();

  /** One pod by {@code namespace/name}. */
  Optional<Pod> pod(String key);

  /**
   * Every namespace's labels by name, for namespace selectors in pod affinity terms; none known by
   * default (a selector with labels then matches no namespace).
   */
  default Map<String, Map<String, String>> namespaceLabels() {
    return Map.of();
  }

  /** Reads from the informer caches (the daemon). */
  static ClusterReads of(ClusterInformers informers) {
    return new ClusterReads() {
      @Override
      public List<Provisioner> provisioners() {
        return informers.provisioners().getStore().list();
      }

      @Override
      public List<Pod> pods() {
        return informers.pods().getStore().list();
      }

      @Override
      public Optional<Pod> pod(String key) {
        return Optional.ofNullable(informers.pods().getStore().getByKey(key));
      }

      @Override
      public Map<String, Map<String, String>> namespaceLabels() {
        return informers.namespaceLabels();
      }
    };
  }

  /** Reads from the API server with list calls (tests and one-shot tools). */
  static ClusterReads of(KubernetesClient client) {
    return new ClusterReads() {
      @Override
      public List<Provisioner> provisioners() {
        return client.resources(Provisioner.class).list().getItems();
      }

      @Override
      public List<Pod> pods() {
        return client.pods().inAnyNamespace().list().getItems();
      }

      @Override
      public Optional<Pod> pod(String key) {
        int slash = key.indexOf('/');
        return Optional.ofNullable(
            client
                .pods()
                .inNamespace(key.substring(0, slash))
                .withName(key.substring(slash + 1))
                .get());
      }

      @Override
      public Map<String, Map<String, String>> namespaceLabels() {
        Map<String, Map<String, String>> labels = new java.util.TreeMap<>();
        for (var n : client.namespaces().list().getItems()) {
          labels.put(
              n.getMetadata().getName(),
              n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
        }
        return labels;
      }
    };
  }
}
