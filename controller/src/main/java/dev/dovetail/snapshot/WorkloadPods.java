package dev.dovetail.snapshot;

import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.LabelSelector;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.PodAffinityTerm;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.Toleration;
import dev.dovetail.scheduling.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns workload manifests into the pending pods the engine plans for: a Pod as is, a Deployment,
 * ReplicaSet or StatefulSet as {@code replicas} pods (default 1), a Job as {@code parallelism} pods
 * (default 1, at most the completions). Pods get the names their controller would give them.
 */
public final class WorkloadPods {
  private long order;

  /**
   * Converts one object, or returns an empty list for kinds that do not run pods.
   *
   * @throws IllegalArgumentException naming the object and field when a value is invalid
   */
  public List<Pod> expand(Object object) {
    try {
      return switch (object) {
        case io.fabric8.kubernetes.api.model.Pod p ->
            List.of(pod(p.getMetadata(), required(p.getSpec(), "spec"), p.getMetadata().getName()));
        case Deployment d -> {
          var spec = required(d.getSpec(), "spec");
          yield replicas(d.getMetadata(), spec.getTemplate(), spec.getReplicas(), "-");
        }
        case ReplicaSet r -> {
          var spec = required(r.getSpec(), "spec");
          yield replicas(r.getMetadata(), spec.getTemplate(), spec.getReplicas(), "-");
        }
        case ReplicationController rc -> {
          var spec = required(rc.getSpec(), "spec");
          yield replicas(rc.getMetadata(), spec.getTemplate(), spec.getReplicas(), "-");
        }
        case StatefulSet s -> {
          var spec = required(s.getSpec(), "spec");
          yield replicas(s.getMetadata(), spec.getTemplate(), spec.getReplicas(), "-ordinal-");
        }
        case Job j -> {
          var spec = required(j.getSpec(), "spec");
          if (Boolean.TRUE.equals(spec.getSuspend())) {
            yield List.of(); // a suspended Job runs no pods until it is resumed
          }
          Integer parallelism = spec.getParallelism();
          Integer completions = spec.getCompletions();
          int n = parallelism == null ? 1 : parallelism;
          if (completions != null) {
            n = Math.min(n, completions);
          }
          yield replicas(j.getMetadata(), spec.getTemplate(), n, "-");
        }
        default -> List.of();
      };
    } catch (IllegalArgumentException e) {
      ObjectMeta meta = ((io.fabric8.kubernetes.api.model.HasMetadata) object).getMetadata();
      throw new IllegalArgumentException(
          object.getClass().getSimpleName() + " " + meta.getName() + ": " + e.getMessage(), e);
    }
  }

  /** The pod a DaemonSet runs on every node it selects. */
  public Pod daemonPod(io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet) {
    ObjectMeta owner = daemonSet.getMetadata();
    PodTemplateSpec template = daemonSet.getSpec().getTemplate();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    if (meta.getNamespace() == null) {
      meta.setNamespace(owner.getNamespace());
    }
    return pod(meta, template.getSpec(), owner.getName());
  }

  /**
   * A pod bound to a node as topology counts it: its labels, and its required anti-affinity terms,
   * which keep matching pods out of its domain.
   */
  public static BoundPod boundPod(io.fabric8.kubernetes.api.model.Pod p) {
    ObjectMeta meta = p.getMetadata();
    List<PodAffinityTerm> anti = new ArrayList<>();
    Affinity affinity = p.getSpec() == null ? null : p.getSpec().getAffinity();
    if (affinity != null
        && affinity.getPodAntiAffinity() != null
        && affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            != null) {
      affinity
          .getPodAntiAffinity()
          .getRequiredDuringSchedulingIgnoredDuringExecution()
          .forEach(t -> anti.add(term(t)));
    }
    return new BoundPod(
        meta.getNamespace() == null ? "default" : meta.getNamespace(),
        meta.getName(),
        new TreeMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels()),
        anti);
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }

  private List<Pod> replicas(
      ObjectMeta owner, PodTemplateSpec template, Integer replicas, String separator) {
    required(template, "spec.template");
    required(template.getSpec(), "spec.template.spec");
    int n = replicas == null ? 1 : replicas;
    List<Pod> pods = new ArrayList<>(n);
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    if (meta.getNamespace() == null) {
      meta.setNamespace(owner.getNamespace());
    }
    for (int i = 0; i < n; i++) {
      String name =
          owner.getName()
              + (separator.equals("-ordinal-") ? "-" + i : "-" + String.format("%05d", i));
      pods.add(pod(meta, template.getSpec(), name));
    }
    return pods;
  }

  /**
   * A pending pod of a live cluster with the zone constraints of its volumes (see {@link
   * VolumeTopology}).
   *
   * @throws IllegalArgumentException naming the pod and field when a value is invalid
   */
  public Pod pendingPod(io.fabric8.kubernetes.api.model.Pod p, Requirements volumes) {
    try {
      return pod(
          p.getMetadata(), required(p.getSpec(), "spec"), p.getMetadata().getName(), volumes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Pod " + p.getMetadata().getName() + ": " + e.getMessage(), e);
    }
  }

  private Pod pod(ObjectMeta meta, PodSpec spec, String name) {
    return pod(meta, spec, name, Requirements.NONE);
  }

  private Pod pod(ObjectMeta meta, PodSpec spec, String name, Requirements volumes) {
    String namespace = meta.getNamespace() == null ? "default" : meta.getNamespace();
    Pod.Builder b = Pod.builder(namespace, name).creationOrder(order++).volumeRequirements(volumes);
    if (meta.getLabels() != null) {
      b.labels(meta.getLabels());
    }
    b.requests(PodRequests.of(spec));
    if (spec.getNodeSelector() != null) {
      spec.getNodeSelector().forEach(b::nodeSelector);
    }
    if (spec.getTolerations() != null) {
      for (io.fabric8.kubernetes.api.model.Toleration t : spec.getTolerations()) {
        b.toleration(
            new Toleration(
                t.getKey(),
                "Exists".equals(t.getOperator()),
                t.getValue(),
                TaintEffect.fromKubernetes(t.getEffect())));
      }
    }
    for (Container c : spec.getContainers()) {
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getHostPort() != null && p.getHostPort() > 0) {
            b.hostPort(new HostPort(p.getHostIP(), p.getHostPort(), p.getProtocol()));
          }
        }
      }
    }
    affinity(b, spec.getAffinity(), namespace);
    if (spec.getTopologySpreadConstraints() != null) {
      for (io.fabric8.kubernetes.api.model.TopologySpreadConstraint t :
          spec.getTopologySpreadConstraints()) {
        b.topologySpread(
            new TopologySpreadConstraint(
                t.getMaxSkew(),
                t.getTopologyKey(),
                !"ScheduleAnyway".equals(t.getWhenUnsatisfiable()),
                selector(t.getLabelSelector()),
                t.getMinDomains() == null ? 1 : t.getMinDomains()));
      }
    }
    return b.build();
  }

  private static void affinity(Pod.Builder b, Affinity affinity, String namespace) {
    if (affinity == null) {
      return;
    }
    var node = affinity.getNodeAffinity();
    if (node != null) {
      if (node.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        for (NodeSelectorTerm term :
            node.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
          b.requiredNodeAffinity(
              NodeConstraints.requirements(term.getMatchExpressions()).toArray(new Requirement[0]));
        }
      }
      if (node.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
        for (var pref : node.getPreferredDuringSchedulingIgnoredDuringExecution()) {
          b.preferredNodeAffinity(
              pref.getWeight(),
              NodeConstraints.requirements(
                      required(pref.getPreference(), "preference").getMatchExpressions())
                  .toArray(new Requirement[0]));
        }
      }
    }
    var pod = affinity.getPodAffinity();
    if (pod != null) {
      if (pod.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        pod.getRequiredDuringSchedulingIgnoredDuringExecution()
            .forEach(t -> b.podAffinity(term(t)));
      }
      if (pod.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
        pod.getPreferredDuringSchedulingIgnoredDuringExecution()
            .forEach(w -> b.preferredPodAffinity(w.getWeight(), term(w.getPodAffinityTerm())));
      }
    }
    var anti = affinity.getPodAntiAffinity();
    if (anti != null) {
      if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        anti.getRequiredDuringSchedulingIgnoredDuringExecution()
            .forEach(t -> b.podAntiAffinity(term(t)));
      }
      if (anti.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
        anti.getPreferredDuringSchedulingIgnoredDuringExecution()
            .forEach(w -> b.preferredPodAntiAffinity(w.getWeight(), term(w.getPodAffinityTerm())));
      }
    }
  }

  private static PodAffinityTerm term(io.fabric8.kubernetes.api.model.PodAffinityTerm t) {
    PodAffinityTerm term =
        new PodAffinityTerm(
            selector(t.getLabelSelector()),
            new TreeSet<>(t.getNamespaces() == null ? List.of() : t.getNamespaces()),
            t.getTopologyKey());
    return t.getNamespaceSelector() == null
        ? term
        : term.withNamespaceSelector(selector(t.getNamespaceSelector()));
  }

  private static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      // A missing selector selects no pods; an impossible expression says so.
      return new LabelSelector(
          new TreeMap<>(), List.of(Requirement.in("dovetail.dev/no-pods", List.of("none"))));
    }
    List<Requirement> expressions = new ArrayList<>();
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        expressions.add(
            Requirement.of(
                r.getKey(),
                Operator.fromKubernetes(r.getOperator()),
                r.getValues() == null ? List.of() : r.getValues()));
      }
    }
    return new LabelSelector(
        new TreeMap<>(s.getMatchLabels() == null ? Map.of() : s.getMatchLabels()), expressions);
  }
}
