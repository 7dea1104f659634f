package dev.dovetail.controllers;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Answers the lookups the lifecycle, termination and garbage-collection controllers make on every
 * reconcile (nodes by provider id, pods on a node, all Machines) from the informers, as upstream's
 * cached client does; the API server only until the informers have synced.
 *
 * <p>A cached Machine list may lag the instance list the garbage collector takes just before it by
 * the informer's delay, which is safe: an instance is only collected once it is 30 s old and no
 * Machine records it or, while unlaunched, names it; its Machine was created before the launch and
 * records it right after. A Machine the cache still shows after its deletion only postpones a
 * collection to the next pass.
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
    return informers.machines().hasSynced()
        ? informers.machines().getStore().list()
        : api.machines();
  }
}
