package dev.dovetail.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pending pod as the engine sees it: what it asks for and every constraint on where it may run.
 *
 * <p>{@code requests} already combines init containers as Kubernetes does ({@link
 * #effectiveRequests}). {@code requiredNodeAffinity} holds the ORed required node-affinity terms;
 * like upstream, only the first one is used until relaxation drops it. {@code volumeRequirements}
 * holds zone constraints of the pod's volumes; they are added to every term and never relaxed.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name
 * @param uid a unique id, the last tie-breaker of the pod order
 * @param labels the pod's labels (topology selectors match them)
 * @param requests the resources the pod requests
 * @param nodeSelector {@code spec.nodeSelector} as requirements
 * @param requiredNodeAffinity required node-affinity terms, ORed
 * @param preferredNodeAffinity preferred node-affinity terms
 * @param tolerations the pod's tolerations
 * @param hostPorts host ports its containers bind
 * @param topologySpread topology spread constraints
 * @param requiredPodAffinity required pod-affinity terms
 * @param preferredPodAffinity preferred pod-affinity terms
 * @param requiredPodAntiAffinity required pod anti-affinity terms
 * @param preferredPodAntiAffinity preferred pod anti-affinity terms
 * @param volumeRequirements zone (or other) constraints of the pod's volumes
 * @param creationOrder creation time or any increasing number; orders pods with equal requests
 */
public record Pod(
    String namespace,
    String name,
    String uid,
    SortedMap<String, String> labels,
    Resources requests,
    Requirements nodeSelector,
    List<Requirements> requiredNodeAffinity,
    List<Weighted<Requirements>> preferredNodeAffinity,
    List<Toleration> tolerations,
    List<HostPort> hostPorts,
    List<TopologySpreadConstraint> topologySpread,
    List<PodAffinityTerm> requiredPodAffinity,
    List<Weighted<PodAffinityTerm>> preferredPodAffinity,
    List<PodAffinityTerm> requiredPodAntiAffinity,
    List<Weighted<PodAffinityTerm>> preferredPodAntiAffinity,
    Requirements volumeRequirements,
    long creationOrder) {

  public Pod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    uid = uid == null ? namespace + "/" + name : uid;
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(nodeSelector, "nodeSelector");
    requiredNodeAffinity = List.copyOf(requiredNodeAffinity);
    preferredNodeAffinity = List.copyOf(preferredNodeAffinity);
    tolerations = List.copyOf(tolerations);
    hostPorts = List.copyOf(hostPorts);
    topologySpread = List.copyOf(topologySpread);
    requiredPodAffinity = List.copyOf(requiredPodAffinity);
    preferredPodAffinity = List.copyOf(preferredPodAffinity);
    requiredPodAntiAffinity = List.copyOf(requiredPodAntiAffinity);
    preferredPodAntiAffinity = List.copyOf(preferredPodAntiAffinity);
    Objects.requireNonNull(volumeRequirements, "volumeRequirements");
  }

  /** {@code namespace/name}: how plans and explanations name the pod. */
  public String id() {
    return namespace + "/" + name;
  }

  /**
   * What a pod requests: the larger of the sum of its containers and each init container, as the
   * kubelet admits it.
   */
  public static Resources effectiveRequests(
      List<Resources> containers, List<Resources> initContainers) {
    Resources sum = Resources.NONE;
    for (Resources r : containers) {
      sum = sum.plus(r);
    }
    for (Resources r : initContainers) {
      sum = sum.max(r);
    }
    return sum;
  }

  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  /** Builds pods for tests, fixtures and adapters; everything but the name is optional. */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private String uid;
    private final TreeMap<String, String> labels = new TreeMap<>();
    private Resources requests = Resources.NONE;
    private final List<Requirement> nodeSelector = new ArrayList<>();
    private final List<Requirements> requiredNodeAffinity = new ArrayList<>();
    private final List<Weighted<Requirements>> preferredNodeAffinity = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final List<HostPort> hostPorts = new ArrayList<>();
    private final List<TopologySpreadConstraint> topologySpread = new ArrayList<>();
    private final List<PodAffinityTerm> requiredPodAffinity = new ArrayList<>();
    private final List<Weighted<PodAffinityTerm>> preferredPodAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredPodAntiAffinity = new ArrayList<>();
    private final List<Weighted<PodAffinityTerm>> preferredPodAntiAffinity = new ArrayList<>();
    private Requirements volumeRequirements = Requirements.NONE;
    private long creationOrder;

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public Builder uid(String uid) {
      this.uid = uid;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder labels(Map<String, String> values) {
      labels.putAll(values);
      return this;
    }

    public Builder requests(Resources requests) {
      this.requests = requests;
      return this;
    }

    /** CPU in millicores and memory in MiB, the common case in tests. */
    public Builder requests(long cpuMillis, long memoryMib) {
      this.requests = Resources.ofCpuMemory(cpuMillis, memoryMib << 20);
      return this;
    }

    public Builder nodeSelector(String key, String value) {
      nodeSelector.add(Requirement.in(key, value));
      return this;
    }

    public Builder nodeSelector(Requirement requirement) {
      nodeSelector.add(requirement);
      return this;
    }

    public Builder requiredNodeAffinity(Requirement... term) {
      requiredNodeAffinity.add(Requirements.of(term));
      return this;
    }

    public Builder preferredNodeAffinity(int weight, Requirement... term) {
      preferredNodeAffinity.add(new Weighted<>(weight, Requirements.of(term)));
      return this;
    }

    public Builder toleration(Toleration toleration) {
      tolerations.add(toleration);
      return this;
    }

    public Builder hostPort(HostPort port) {
      hostPorts.add(port);
      return this;
    }

    public Builder topologySpread(TopologySpreadConstraint constraint) {
      topologySpread.add(constraint);
      return this;
    }

    public Builder podAffinity(PodAffinityTerm term) {
      requiredPodAffinity.add(term);
      return this;
    }

    public Builder preferredPodAffinity(int weight, PodAffinityTerm term) {
      preferredPodAffinity.add(new Weighted<>(weight, term));
      return this;
    }

    public Builder podAntiAffinity(PodAffinityTerm term) {
      requiredPodAntiAffinity.add(term);
      return this;
    }

    public Builder preferredPodAntiAffinity(int weight, PodAffinityTerm term) {
      preferredPodAntiAffinity.add(new Weighted<>(weight, term));
      return this;
    }

    public Builder volumeRequirements(Requirements requirements) {
      this.volumeRequirements = requirements;
      return this;
    }

    public Builder creationOrder(long order) {
      this.creationOrder = order;
      return this;
    }

    public Pod build() {
      return new Pod(
          namespace,
          name,
          uid,
          labels,
          requests,
          Requirements.of(nodeSelector),
          requiredNodeAffinity,
          preferredNodeAffinity,
          tolerations,
          hostPorts,
          topologySpread,
          requiredPodAffinity,
          preferredPodAffinity,
          requiredPodAntiAffinity,
          preferredPodAntiAffinity,
          volumeRequirements,
          creationOrder);
    }
  }
}
