package dev.dovetail.sim.workload;

import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.sim.kube.MergePatch;
import dev.dovetail.sim.kube.ObjectReads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Simulated Deployment and ReplicaSet controllers, plus the part of the garbage collector they
 * need. Each pass:
 *
 * <ol>
 *   <li>gives every Deployment a ReplicaSet named {@code <deployment>-<pod-template-hash>} with the
 *       Deployment's replicas, and scales its older ReplicaSets to zero (rollouts are immediate);
 *   <li>creates or deletes pods so each ReplicaSet owns its replicas, deleting unscheduled, then
 *       pending, then not-ready, then newer pods first, as upstream ranks them;
 *   <li>updates both kinds' status (replicas, ready, available);
 *   <li>deletes ReplicaSets and pods whose controlling owner is gone.
 * </ol>
 */
public final class WorkloadController implements SingletonReconciler {
  static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesClient client;
  private final GeneratedNames names;
  private final Duration interval;
  private ObjectReads reads;

  /**
   * @param random names new pods; seed it for repeatable names
   * @param interval how long the loop waits between passes
   */
  public WorkloadController(KubernetesClient client, Random random, Duration interval) {
    this.client = client;
    this.names = new GeneratedNames(random);
    this.interval = interval;
    this.reads = ObjectReads.of(client);
  }

  /** Reads Nodes and Pods from {@code reads} instead of listing them; returns this. */
  public WorkloadController readingFrom(ObjectReads reads) {
    this.reads = reads;
    return this;
  }

  @Override
  public Result reconcile() {
    sync();
    return Result.requeueAfter(interval);
  }

  /** Runs one pass over every Deployment, ReplicaSet and their pods. */
  public void sync() {
    List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
    Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
    for (ReplicaSet rs : client.apps().replicaSets().inAnyNamespace().list().getItems()) {
      replicaSets.put(rs.getMetadata().getUid(), rs);
    }
    List<Pod> pods = reads.pods();

    Set<String> deploymentUids = new HashSet<>();
    for (Deployment deployment : deployments) {
      deploymentUids.add(deployment.getMetadata().getUid());
      if (deployment.getMetadata().getDeletionTimestamp() == null) {
        syncDeployment(deployment, replicaSets);
      }
    }
    Map<String, List<Pod>> podsByOwner = new HashMap<>();
    for (Pod pod : pods) {
      OwnerReference owner = controllerOf(pod);
      if (owner != null && owner.getKind().equals("ReplicaSet")) {
        podsByOwner.computeIfAbsent(owner.getUid(), k -> new ArrayList<>()).add(pod);
      }
    }
    Map<String, ReplicaSetStatus> statuses = new HashMap<>();
    for (ReplicaSet rs : replicaSets.values()) {
      OwnerReference owner = controllerOf(rs);
      if (owner != null
          && owner.getKind().equals("Deployment")
          && !deploymentUids.contains(owner.getUid())) {
        delete(rs);
        continue;
      }
      if (rs.getMetadata().getDeletionTimestamp() == null) {
        statuses.put(
            rs.getMetadata().getUid(),
            syncReplicaSet(rs, podsByOwner.getOrDefault(rs.getMetadata().getUid(), List.of())));
      } else if (rs.getStatus() != null) {
        statuses.put(rs.getMetadata().getUid(), rs.getStatus());
      }
    }
    for (Map.Entry<String, List<Pod>> owned : podsByOwner.entrySet()) {
      if (!replicaSets.containsKey(owned.getKey())) {
        owned.getValue().forEach(this::delete);
      }
    }
    for (Deployment deployment : deployments) {
      updateDeploymentStatus(deployment, replicaSets.values(), statuses);
    }
  }

  private void syncDeployment(Deployment deployment, Map<String, ReplicaSet> replicaSets) {
    String namespace = deployment.getMetadata().getNamespace();
    String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
    String name = deployment.getMetadata().getName() + "-" + hash;
    int replicas = replicasOf(deployment.getSpec().getReplicas());
    ReplicaSet current = null;
    for (ReplicaSet rs : List.copyOf(replicaSets.values())) {
      OwnerReference owner = controllerOf(rs);
      if (owner == null || !owner.getUid().equals(deployment.getMetadata().getUid())) {
        continue;
      }
      if (rs.getMetadata().getName().equals(name)) {
        current = rs;
      } else if (replicasOf(rs.getSpec().getReplicas()) != 0) {
        replicaSets.put(rs.getMetadata().getUid(), scale(rs, 0));
      }
    }
    if (current == null) {
      PodTemplateSpec template =
          new PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
              .editOrNewMetadata()
              .addToLabels(HASH_LABEL, hash)
              .endMetadata()
              .build();
      LabelSelector selector =
          new LabelSelectorBuilder(deployment.getSpec().getSelector())
              .addToMatchLabels(HASH_LABEL, hash)
              .build();
      ReplicaSet created =
          client
              .apps()
              .replicaSets()
              .inNamespace(namespace)
              .resource(
                  new ReplicaSetBuilder()
                      .withNewMetadata()
                      .withName(name)
                      .withNamespace(namespace)
                      .withLabels(template.getMetadata().getLabels())
                      .withOwnerReferences(ownerReference(deployment))
                      .endMetadata()
                      .withNewSpec()
                      .withReplicas(replicas)
                      .withSelector(selector)
                      .withTemplate(template)
                      .endSpec()
                      .build())
              .create();
      replicaSets.put(created.getMetadata().getUid(), created);
    } else if (replicasOf(current.getSpec().getReplicas()) != replicas) {
      replicaSets.put(current.getMetadata().getUid(), scale(current, replicas));
    }
  }

  private ReplicaSet scale(ReplicaSet rs, int replicas) {
    return MergePatch.spec(client, rs, Map.of("replicas", replicas));
  }

  /** Creates or deletes the ReplicaSet's pods and writes its status; returns the status. */
  private ReplicaSetStatus syncReplicaSet(ReplicaSet rs, List<Pod> owned) {
    List<Pod> active =
        owned.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null && !isTerminal(p))
            .toList();
    int want = replicasOf(rs.getSpec().getReplicas());
    List<Pod> now = new ArrayList<>(active);
    if (active.size() < want) {
      for (int i = active.size(); i < want; i++) {
        Pod created = createPod(rs);
        if (created != null) {
          now.add(created);
        }
      }
    } else if (active.size() > want) {
      List<Pod> ranked = new ArrayList<>(active);
      ranked.sort(DELETION_ORDER);
      ranked.subList(0, active.size() - want).forEach(this::delete);
      now = ranked.subList(active.size() - want, active.size());
    }
    int ready = (int) now.stream().filter(WorkloadController::isReady).count();
    ReplicaSetStatus status =
        new ReplicaSetStatusBuilder()
            .withReplicas(now.size())
            .withFullyLabeledReplicas(now.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withObservedGeneration(rs.getMetadata().getGeneration())
            .build();
    if (!status.equals(rs.getStatus())) {
      try {
        MergePatch.status(client, rs, status);
      } catch (KubernetesClientException e) {
        // Deleted meanwhile.
      }
    }
    return status;
  }

  /** The new pod, or null when it could not be created (the next pass tries again). */
  private Pod createPod(ReplicaSet rs) {
    PodTemplateSpec template = rs.getSpec().getTemplate();
    String namespace = rs.getMetadata().getNamespace();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withLabels(template.getMetadata().getLabels())
            .withAnnotations(template.getMetadata().getAnnotations())
            .withOwnerReferences(ownerReference(rs))
            .endMetadata()
            .withSpec(template.getSpec())
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    return names.create(client, rs.getMetadata().getName() + "-", pod);
  }

  /** Sums the statuses its ReplicaSets have after this pass ({@code statuses}, by uid). */
  private void updateDeploymentStatus(
      Deployment deployment,
      Collection<ReplicaSet> replicaSets,
      Map<String, ReplicaSetStatus> statuses) {
    if (deployment.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
    int replicas = 0;
    int ready = 0;
    int updated = 0;
    for (ReplicaSet rs : replicaSets) {
      OwnerReference owner = controllerOf(rs);
      if (owner == null || !owner.getUid().equals(deployment.getMetadata().getUid())) {
        continue;
      }
      ReplicaSetStatus rsStatus = statuses.get(rs.getMetadata().getUid());
      if (rsStatus == null) {
        continue;
      }
      int rsReplicas = replicasOf(rsStatus.getReplicas());
      replicas += rsReplicas;
      ready += replicasOf(rsStatus.getReadyReplicas());
      if (rs.getMetadata().getName().endsWith("-" + hash)) {
        updated += rsReplicas;
      }
    }
    DeploymentStatus status =
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUnavailableReplicas(Math.max(0, replicas - ready))
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .build();
    if (!status.equals(deployment.getStatus())) {
      try {
        MergePatch.status(client, deployment, status);
      } catch (KubernetesClientException e) {
        // Deleted meanwhile.
      }
    }
  }

  private void delete(HasMetadata object) {
    try {
      client.resource(object).delete();
    } catch (KubernetesClientException e) {
      // Already gone.
    }
  }

  /** Upstream's ranking of pods to delete first when scaling down. */
  static final Comparator<Pod> DELETION_ORDER =
      Comparator.comparing((Pod p) -> isAssigned(p) ? 1 : 0)
          .thenComparing(p -> phaseRank(p))
          .thenComparing(p -> isReady(p) ? 1 : 0)
          .thenComparing(
              (Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()),
              Comparator.reverseOrder())
          .thenComparing(p -> p.getMetadata().getName(), Comparator.reverseOrder());

  private static boolean isAssigned(Pod pod) {
    return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  private static int phaseRank(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return switch (phase == null ? "Pending" : phase) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      default -> 2;
    };
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static int replicasOf(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static OwnerReference controllerOf(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .orElse(null);
  }

  private static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(Objects.requireNonNull(owner.getMetadata().getUid(), "owner uid"))
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
