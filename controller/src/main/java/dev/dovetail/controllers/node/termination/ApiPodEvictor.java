package dev.dovetail.controllers.node.termination;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Evicts through {@code POST .../pods/{name}/eviction}. The client must not retry 429 itself (set
 * {@code requestRetryBackoffLimit} to 0): the eviction queue runs its own backoff.
 */
public final class ApiPodEvictor implements PodEvictor {
  private final KubernetesClient client;

  public ApiPodEvictor(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Outcome evict(String namespace, String name) {
    try {
      // fabric8 answers false for 429 and throws for everything else it does not accept.
      boolean accepted = client.pods().inNamespace(namespace).withName(name).evict();
      return accepted ? Outcome.EVICTED : Outcome.BLOCKED_BY_BUDGET;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Outcome.NOT_FOUND;
      }
      if (e.getCode() == 429) {
        return Outcome.BLOCKED_BY_BUDGET;
      }
      throw e;
    }
  }
}
