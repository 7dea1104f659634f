package dev.dovetail.sim.kubelet;

import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.sim.kube.MergePatch;
import dev.dovetail.sim.kube.ObjectReads;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simulated kubelets for the instances of an {@link InstanceSource}, plus the node-lifecycle and
 * pod garbage collection duties that go with them. Each pass:
 *
 * <ol>
 *   <li>registers a Node for every instance running for at least the boot delay: its name, provider
 *       id, labels (the instance's plus hostname, instance type, zone), registration taints plus
 *       {@code node.kubernetes.io/not-ready:NoSchedule}, capacity and allocatable, and {@code
 *       Ready=False};
 *   <li>reports {@code Ready=True} and removes the not-ready taint once the ready delay has passed
 *       since registration;
 *   <li>runs the pods bound to its Ready nodes ({@code Running}, all conditions true);
 *   <li>deletes the Node of an instance that is no longer running (a finalizer on the Node holds it
 *       until its owner lets go), and removes for good the pods bound to nodes that no longer exist
 *       and the pods whose deletion was requested (evicted or deleted).
 * </ol>
 *
 * Nodes it registered carry the annotation {@value #MANAGED_ANNOTATION}; it never deletes others.
 * Times come from the injected clock.
 */
public final class SimulatedKubelet implements SingletonReconciler {
  /** Marks the Nodes this simulator registered. */
  public static final String MANAGED_ANNOTATION = "sim.dovetail.dev/kubelet";

  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";

  /** Delays of the simulated boot. */
  public record Delays(Duration boot, Duration ready) {
    /** 20 s from launch to registration, 5 s more until Ready. */
    public static Delays defaults() {
      return new Delays(Duration.ofSeconds(20), Duration.ofSeconds(5));
    }
  }

  private final KubernetesClient client;
  private final InstanceSource instances;
  private final Clock clock;
  private final Delays delays;
  private final Duration interval;
  private final Map<String, Instant> registeredAt = new HashMap<>();
  private ObjectReads reads;

  public SimulatedKubelet(
      KubernetesClient client,
      InstanceSource instances,
      Clock clock,
      Delays delays,
      Duration interval) {
    this.client = client;
    this.instances = instances;
    this.clock = clock;
    this.delays = delays;
    this.interval = interval;
    this.reads = ObjectReads.of(client);
  }

  /** Reads Nodes and Pods from {@code reads} instead of listing them; returns this. */
  public SimulatedKubelet readingFrom(ObjectReads reads) {
    this.reads = reads;
    return this;
  }

  @Override
  public Result reconcile() {
    sync();
    return Result.requeueAfter(interval);
  }

  /** Runs one pass. */
  public void sync() {
    Instant now = clock.instant();
    Map<String, LaunchedInstance> running = new LinkedHashMap<>();
    for (LaunchedInstance instance : instances.runningInstances()) {
      running.put(instance.providerId(), instance);
    }
    Map<String, Node> nodesByProvider = new HashMap<>();
    Set<String> nodeNames = new HashSet<>();
    for (Node node : reads.nodes()) {
      nodeNames.add(node.getMetadata().getName());
      if (node.getSpec() != null && node.getSpec().getProviderID() != null) {
        nodesByProvider.put(node.getSpec().getProviderID(), node);
      }
    }

    for (LaunchedInstance instance : running.values()) {
      Node node = nodesByProvider.get(instance.providerId());
      if (node == null) {
        if (!now.isBefore(instance.launchTime().plus(delays.boot()))
            && !nodeNames.contains(instance.nodeName())) {
          register(instance, now);
          nodeNames.add(instance.nodeName());
        }
      } else if (isManaged(node) && !isReady(node)) {
        Instant registered =
            registeredAt.computeIfAbsent(instance.providerId(), id -> creationTime(node, now));
        if (!now.isBefore(registered.plus(delays.ready()))) {
          markReady(node, now);
        }
      }
    }

    for (Node node : nodesByProvider.values()) {
      if (isManaged(node)
          && !running.containsKey(node.getSpec().getProviderID())
          && node.getMetadata().getDeletionTimestamp() == null) {
        delete(node);
        registeredAt.remove(node.getSpec().getProviderID());
      }
    }

    Set<String> readyNodes = new HashSet<>();
    for (Node node : reads.nodes()) {
      if (isReady(node)) {
        readyNodes.add(node.getMetadata().getName());
      }
    }
    for (Pod pod : reads.pods()) {
      String nodeName = pod.getSpec().getNodeName();
      if (nodeName == null || nodeName.isEmpty()) {
        continue;
      }
      if (!nodeNames.contains(nodeName) || pod.getMetadata().getDeletionTimestamp() != null) {
        // Pod garbage collection for vanished nodes, and the kubelet finishing a graceful
        // deletion (an eviction): a real API server keeps such a pod until one of them removes it.
        forceDelete(pod);
      } else if (readyNodes.contains(nodeName)
          && pod.getMetadata().getDeletionTimestamp() == null
          && !isRunning(pod)
          && !isTerminal(pod)) {
        run(pod, now);
      }
    }
  }

  private void register(LaunchedInstance instance, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>(instance.labels());
    labels.put("kubernetes.io/hostname", instance.nodeName());
    if (instance.instanceType() != null) {
      labels.put("node.kubernetes.io/instance-type", instance.instanceType());
    }
    if (instance.zone() != null) {
      labels.put("topology.kubernetes.io/zone", instance.zone());
    }
    labels.putIfAbsent("kubernetes.io/os", "linux");
    List<Taint> taints = new ArrayList<>(instance.registerTaints());
    taints.add(new TaintBuilder().withKey(NOT_READY_TAINT).withEffect("NoSchedule").build());
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(instance.nodeName())
            .withLabels(labels)
            .addToAnnotations(MANAGED_ANNOTATION, "true")
            .endMetadata()
            .withNewSpec()
            .withProviderID(instance.providerId())
            .withTaints(taints)
            .endSpec()
            .withNewStatus()
            .withCapacity(instance.capacity())
            .withAllocatable(instance.allocatable())
            .withConditions(readyCondition(false, now))
            .withNewNodeInfo()
            .withArchitecture(labels.getOrDefault("kubernetes.io/arch", "amd64"))
            .withOperatingSystem("linux")
            .withKubeletVersion("v1.28.0")
            .withContainerRuntimeVersion("containerd://1.7.0")
            .endNodeInfo()
            .endStatus()
            .build();
    try {
      client.nodes().resource(node).create();
      registeredAt.put(instance.providerId(), now);
    } catch (KubernetesClientException e) {
      // Registered meanwhile (409): the next pass sees it.
    }
  }

  /**
   * Reports the node Ready, and lifts the not-ready taint as the node lifecycle controller does
   * once the node is Ready: a merge patch each of its status conditions and its taints, computed
   * from {@code node} as read this pass.
   */
  private void markReady(Node node, Instant now) {
    List<NodeCondition> conditions = new ArrayList<>();
    node.getStatus().getConditions().stream()
        .filter(c -> !"Ready".equals(c.getType()))
        .forEach(conditions::add);
    conditions.add(readyCondition(true, now));
    List<Taint> taints =
        node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints().stream()
                .filter(t -> !NOT_READY_TAINT.equals(t.getKey()))
                .toList();
    try {
      MergePatch.status(client, node, Map.of("conditions", conditions));
      MergePatch.spec(client, node, Map.of("taints", taints));
    } catch (KubernetesClientException e) {
      // Deleted meanwhile; the next pass tries again.
    }
  }

  /**
   * Reports the pod Running with one merge patch of its status (conditions, phase, start time and
   * container statuses are replaced as a whole).
   */
  private void run(Pod pod, Instant now) {
    String time = timestamp(now);
    List<PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      conditions.add(
          new PodConditionBuilder()
              .withType(type)
              .withStatus("True")
              .withLastTransitionTime(time)
              .build());
    }
    PodStatus status =
        new PodStatusBuilder()
            .withConditions(conditions)
            .withPhase("Running")
            .withStartTime(time)
            .withContainerStatuses(
                pod.getSpec().getContainers().stream()
                    .map(
                        c ->
                            new ContainerStatusBuilder()
                                .withName(c.getName())
                                .withImage(c.getImage())
                                .withReady(true)
                                .withStarted(true)
                                .withRestartCount(0)
                                .withNewState()
                                .withNewRunning()
                                .withStartedAt(time)
                                .endRunning()
                                .endState()
                                .build())
                    .toList())
            .build();
    try {
      MergePatch.status(client, pod, status);
    } catch (KubernetesClientException e) {
      // Deleted meanwhile.
    }
  }

  private void forceDelete(Pod pod) {
    try {
      client.resource(pod).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      // Already gone.
    }
  }

  private void delete(io.fabric8.kubernetes.api.model.HasMetadata object) {
    try {
      client.resource(object).delete();
    } catch (KubernetesClientException e) {
      // Already gone.
    }
  }

  private static NodeCondition readyCondition(boolean ready, Instant now) {
    return new NodeConditionBuilder()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withReason(ready ? "KubeletReady" : "KubeletNotReady")
        .withMessage(
            ready
                ? "kubelet is posting ready status"
                : "container runtime network not ready: NetworkReady=false")
        .withLastHeartbeatTime(timestamp(now))
        .withLastTransitionTime(timestamp(now))
        .build();
  }

  private static Instant creationTime(Node node, Instant fallback) {
    String created = node.getMetadata().getCreationTimestamp();
    return created == null ? fallback : Instant.parse(created);
  }

  private static boolean isManaged(Node node) {
    return node.getMetadata().getAnnotations() != null
        && "true".equals(node.getMetadata().getAnnotations().get(MANAGED_ANNOTATION));
  }

  static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean isRunning(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
