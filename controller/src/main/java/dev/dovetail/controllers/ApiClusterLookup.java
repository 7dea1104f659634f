package dev.dovetail.controllers;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/**
 * Answers {@link ClusterLookup} with list calls: pods by the {@code spec.nodeName} field selector
 * (served by real API servers and {@code EmbeddedKubeApi}), nodes and machines by a full list
 * filtered here.
 */
public final class ApiClusterLookup implements ClusterLookup {
  private final KubernetesClient client;

  public ApiClusterLookup(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<Node> nodesByProviderId(String providerId) {
    return client.nodes().list().getItems().stream()
        .filter(n -> n.getSpec() != null && Objects.equals(providerId, n.getSpec().getProviderID()))
        .toList();
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems();
  }

  @Override
  public List<Machine> machines() {
    return client.resources(Machine.class).list().getItems();
  }
}
