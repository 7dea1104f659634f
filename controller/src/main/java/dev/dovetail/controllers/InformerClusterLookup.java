package dev.dovetail.controllers;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Answers the per-object lookups the lifecycle and termination controllers make on every reconcile
 * (nodes by provider id, pods on a node) from the informers' indexes, as upstream's cached client
 * does, and the Machine list of the garbage collector from the API server: that list must not be
 * older than the instance list taken just before it.
 */
public final class InformerClusterLookup implements ClusterLookup {
  private final ClusterInformers informers;
  private final ClusterLookup api;

  public InformerClusterLookup(ClusterInformers informers, ClusterLookup api) {
    this.informers = informers;
    this.api = api;
  }

  @Override
  public List<Node> nodesByProviderId(String providerId) {
    return informers.nodesByProviderId(providerId);
  }

  @Override
  public List<Pod> podsOnNode(String nodeName) {
    return informers.podsOnNode(nodeName);
  }

  @Override
  public List<Machine> machines() {
    return api.machines();
  }
}
