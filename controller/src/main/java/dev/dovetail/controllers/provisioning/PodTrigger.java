package dev.dovetail.controllers.provisioning;

import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import dev.dovetail.state.PodPredicates;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Triggers the provisioning batcher for every provisionable pod and checks the pod again every 10 s
 * while it stays provisionable, as upstream's pod trigger does. Keyed by {@code namespace/name}.
 */
public final class PodTrigger implements Reconciler<String> {
  /** The controller name in logs and metrics. */
  public static final String NAME = "provisioner.trigger.pod";

  /** How often a pod that stays provisionable triggers again. */
  public static final Duration RECHECK = Duration.ofSeconds(10);

  private final Function<String, Optional<Pod>> pods;
  private final Batcher batcher;

  /**
   * @param pods the pod by key, usually from the informer cache
   */
  public PodTrigger(Function<String, Optional<Pod>> pods, Batcher batcher) {
    this.pods = pods;
    this.batcher = batcher;
  }

  @Override
  public Result reconcile(String key) {
    Optional<Pod> pod = pods.apply(key);
    if (pod.isEmpty() || !PodPredicates.isProvisionable(pod.get())) {
      return Result.done();
    }
    batcher.trigger();
    return Result.requeueAfter(RECHECK);
  }
}
