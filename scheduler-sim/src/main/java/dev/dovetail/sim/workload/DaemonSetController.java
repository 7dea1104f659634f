package dev.dovetail.sim.workload;

import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.sim.kube.MergePatch;
import dev.dovetail.sim.kube.NodeMatcher;
import dev.dovetail.sim.kube.ObjectReads;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A simulated DaemonSet controller. Each pass, for every DaemonSet and every Node its pods may run
 * on (the template's node selector and required affinity, and NoSchedule/NoExecute taints against
 * its tolerations plus the ones upstream adds to every daemon pod), it keeps exactly one pod named
 * {@code <daemonset>-<suffix>} whose required node affinity is that node's name (instead of the
 * template's), for the scheduler to bind, as upstream does. Pods for nodes that are gone or no
 * longer match are deleted.
 */
public final class DaemonSetController implements SingletonReconciler {
  /** Tolerations upstream's DaemonSet controller adds to every daemon pod. */
  static final List<Toleration> DEFAULT_TOLERATIONS =
      List.of(
          toleration("node.kubernetes.io/not-ready", "NoExecute"),
          toleration("node.kubernetes.io/unreachable", "NoExecute"),
          toleration("node.kubernetes.io/disk-pressure", "NoSchedule"),
          toleration("node.kubernetes.io/memory-pressure", "NoSchedule"),
          toleration("node.kubernetes.io/pid-pressure", "NoSchedule"),
          toleration("node.kubernetes.io/unschedulable", "NoSchedule"));

  private final KubernetesClient client;
  private final GeneratedNames names;
  private final Duration interval;
  private ObjectReads reads;
  private Supplier<List<DaemonSet>> daemonSets;

  public DaemonSetController(KubernetesClient client, Random random, Duration interval) {
    this.client = client;
    this.names = new GeneratedNames(random);
    this.interval = interval;
    this.reads = ObjectReads.of(client);
    this.daemonSets = () -> client.apps().daemonSets().inAnyNamespace().list().getItems();
  }

  /** Reads Nodes and Pods from {@code reads} instead of listing them; returns this. */
  public DaemonSetController readingFrom(ObjectReads reads) {
    this.reads = reads;
    return this;
  }

  /** Reads DaemonSets from {@code daemonSets} (an informer's cache) instead of listing them. */
  public DaemonSetController readingDaemonSetsFrom(Supplier<List<DaemonSet>> daemonSets) {
    this.daemonSets = daemonSets;
    return this;
  }

  @Override
  public Result reconcile() {
    sync();
    return Result.requeueAfter(interval);
  }

  /** Runs one pass over every DaemonSet. */
  public void sync() {
    List<Node> nodes =
        reads.nodes().stream().filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList();
    List<Pod> pods = reads.pods();
    for (DaemonSet daemonSet : daemonSets.get()) {
      if (daemonSet.getMetadata().getDeletionTimestamp() == null) {
        sync(daemonSet, nodes, pods);
      }
    }
  }

  private void sync(DaemonSet daemonSet, List<Node> nodes, List<Pod> pods) {
    String uid = daemonSet.getMetadata().getUid();
    Map<String, Pod> byNode = new HashMap<>();
    List<Pod> extra = new ArrayList<>();
    for (Pod pod : pods) {
      boolean owned =
          pod.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
      if (!owned || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String node = targetNode(pod);
      if (node == null || byNode.putIfAbsent(node, pod) != null) {
        extra.add(pod);
      }
    }
    int desired = 0;
    int ready = 0;
    Pod probe = podFor(daemonSet);
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      boolean fits =
          NodeMatcher.selects(probe, node) && NodeMatcher.untolerated(probe, node) == null;
      Pod existing = byNode.remove(name);
      if (!fits) {
        if (existing != null) {
          extra.add(existing);
        }
        continue;
      }
      desired++;
      if (existing == null) {
        names.create(client, daemonSet.getMetadata().getName() + "-", onNode(probe, name));
      } else if (WorkloadController.isReady(existing)) {
        ready++;
      }
    }
    extra.addAll(byNode.values());
    for (Pod pod : extra) {
      try {
        client.resource(pod).delete();
      } catch (KubernetesClientException e) {
        // Already gone.
      }
    }
    var status =
        new DaemonSetStatusBuilder()
            .withDesiredNumberScheduled(desired)
            .withCurrentNumberScheduled(desired)
            .withNumberReady(ready)
            .withNumberAvailable(ready)
            .withNumberMisscheduled(0)
            .withObservedGeneration(daemonSet.getMetadata().getGeneration())
            .build();
    if (!status.equals(daemonSet.getStatus())) {
      try {
        MergePatch.status(client, daemonSet, status);
      } catch (KubernetesClientException e) {
        // Deleted meanwhile.
      }
    }
  }

  /**
   * The daemon pod of {@code daemonSet} for no node yet: the template with upstream's tolerations
   * added; not created nor named.
   */
  private static Pod podFor(DaemonSet daemonSet) {
    PodSpec spec =
        new PodBuilder().withSpec(daemonSet.getSpec().getTemplate().getSpec()).build().getSpec();
    List<Toleration> tolerations = new ArrayList<>(spec.getTolerations());
    for (Toleration t : DEFAULT_TOLERATIONS) {
      if (tolerations.stream().noneMatch(existing -> existing.equals(t))) {
        tolerations.add(t);
      }
    }
    var template = daemonSet.getSpec().getTemplate().getMetadata();
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(daemonSet.getMetadata().getNamespace())
        .withLabels(template == null ? null : template.getLabels())
        .withAnnotations(template == null ? null : template.getAnnotations())
        .withOwnerReferences(owner(daemonSet))
        .endMetadata()
        .withSpec(spec)
        .editSpec()
        .withTolerations(tolerations)
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  /**
   * A copy of {@code probe} for the scheduler to bind to {@code nodeName} only: its required node
   * affinity is replaced by the node's name, as upstream does.
   */
  private static Pod onNode(Pod probe, String nodeName) {
    return new PodBuilder(probe)
        .editSpec()
        .editOrNewAffinity()
        .withNodeAffinity(
            new NodeAffinityBuilder()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .addNewMatchField()
                .withKey("metadata.name")
                .withOperator("In")
                .withValues(nodeName)
                .endMatchField()
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build())
        .endAffinity()
        .endSpec()
        .build();
  }

  /** The node a daemon pod is for: its binding, or else its node-name affinity. */
  private static String targetNode(Pod pod) {
    if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
      return pod.getSpec().getNodeName();
    }
    try {
      return pod.getSpec()
          .getAffinity()
          .getNodeAffinity()
          .getRequiredDuringSchedulingIgnoredDuringExecution()
          .getNodeSelectorTerms()
          .getFirst()
          .getMatchFields()
          .getFirst()
          .getValues()
          .getFirst();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static OwnerReference owner(DaemonSet daemonSet) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind("DaemonSet")
        .withName(daemonSet.getMetadata().getName())
        .withUid(daemonSet.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static Toleration toleration(String key, String effect) {
    return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
  }
}
