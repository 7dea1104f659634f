package dev.dovetail.controllers;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The reads the lifecycle, termination and garbage-collection controllers need beyond a get by
 * name. {@link ApiClusterLookup} asks the API server; an informer-backed implementation can serve
 * the same answers from memory.
 */
public interface ClusterLookup {
  /** Nodes whose {@code spec.providerID} is {@code providerId} (normally zero or one). */
  List<Node> nodesByProviderId(String providerId);

  /** Pods bound to the node, in every namespace. */
  List<Pod> podsOnNode(String nodeName);

  /** Every Machine. */
  List<Machine> machines();
}
