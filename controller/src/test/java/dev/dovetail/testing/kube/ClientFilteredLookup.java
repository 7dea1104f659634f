package dev.dovetail.testing.kube;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.ClusterLookup;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * {@link ApiClusterLookup} for the stock fabric8 mock server, which ignores {@code spec.nodeName}
 * field selectors: pods are listed in full and filtered here.
 */
public final class ClientFilteredLookup implements ClusterLookup {
  private final KubernetesClient client;
  private final ApiClusterLookup api;

  public ClientFilteredLookup(KubernetesClient client) {
    this.client = client;
    this.api = new ApiClusterLookup(client);
  }

  @Override
  public List<Node> nodesByProviderId(String providerId) {
    return api.nodesByProviderId(providerId);
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return client.pods().inAnyNamespace().list().getItems().stream()
        .filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()))
        .toList();
  }

  @Override
  public List<Machine> machines() {
    return api.machines();
  }
}
