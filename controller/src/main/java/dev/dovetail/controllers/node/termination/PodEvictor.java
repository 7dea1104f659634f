package dev.dovetail.controllers.node.termination;

/** Asks the API server to evict one pod through the policy/v1 Eviction API. */
public interface PodEvictor {
  /** What the API server answered. */
  enum Outcome {
    /** The eviction was accepted; the pod is terminating. */
    EVICTED,
    /** The pod is already gone (404). */
    NOT_FOUND,
    /** A PodDisruptionBudget does not allow it now (429). */
    BLOCKED_BY_BUDGET
  }

  /**
   * @throws io.fabric8.kubernetes.client.KubernetesClientException for any other answer
   */
  Outcome evict(String namespace, String name);
}
