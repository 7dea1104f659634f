package dev.dovetail.sim.workload;

import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.sim.kube.DisruptionBudgetCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The disruption controller of kube-controller-manager: keeps each PodDisruptionBudget's status
 * (expected pods, healthy pods, disruptions allowed, observed generation) current. A real API
 * server's eviction subresource decides from that status alone, refusing every eviction a budget
 * covers until a controller has written it; the embedded server computes the counts on the spot and
 * ignores the status.
 */
public final class DisruptionController implements SingletonReconciler {
  private final KubernetesClient client;
  private final Duration interval;

  public DisruptionController(KubernetesClient client, Duration interval) {
    this.client = client;
    this.interval = interval;
  }

  @Override
  public Result reconcile() {
    sync();
    return Result.requeueAfter(interval);
  }

  /** One pass over every budget. */
  public void sync() {
    for (PodDisruptionBudget budget :
        client.resources(PodDisruptionBudget.class).inAnyNamespace().list().getItems()) {
      String namespace = budget.getMetadata().getNamespace();
      List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
      DisruptionBudgetCheck.Counts counts =
          DisruptionBudgetCheck.counts(budget, pods, this::replicas);
      PodDisruptionBudgetStatus status =
          new PodDisruptionBudgetStatusBuilder(
                  Optional.ofNullable(budget.getStatus()).orElseGet(PodDisruptionBudgetStatus::new))
              .withObservedGeneration(budget.getMetadata().getGeneration())
              .withExpectedPods(counts.expectedPods())
              .withCurrentHealthy(counts.currentHealthy())
              .withDesiredHealthy(counts.desiredHealthy())
              .withDisruptionsAllowed(counts.disruptionsAllowed())
              .withDisruptedPods(Map.of())
              .build();
      if (!Objects.equals(status, budget.getStatus())) {
        budget.setStatus(status);
        try {
          client.resource(budget).updateStatus();
        } catch (KubernetesClientException e) {
          // Changed or deleted meanwhile: the next pass sees the new state.
        }
      }
    }
  }

  private Optional<Integer> replicas(String namespace, OwnerReference owner) {
    Class<? extends HasMetadata> type =
        switch (owner.getKind()) {
          case "ReplicaSet" -> ReplicaSet.class;
          case "Deployment" -> Deployment.class;
          case "StatefulSet" -> StatefulSet.class;
          default -> null;
        };
    if (type == null) {
      return Optional.empty();
    }
    HasMetadata controller =
        client.resources(type).inNamespace(namespace).withName(owner.getName()).get();
    return switch (controller) {
      case null -> Optional.empty();
      case ReplicaSet rs -> Optional.ofNullable(rs.getSpec().getReplicas());
      case Deployment d -> Optional.ofNullable(d.getSpec().getReplicas());
      case StatefulSet s -> Optional.ofNullable(s.getSpec().getReplicas());
      default -> Optional.empty();
    };
  }
}
