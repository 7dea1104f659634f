package dev.dovetail.sim.scheduler;

import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.sim.kube.MergePatch;
import dev.dovetail.sim.kube.NodeMatcher;
import dev.dovetail.sim.kube.ObjectReads;
import dev.dovetail.sim.kube.ResourceAmounts;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A simulated kube-scheduler. Each pass binds the pending pods that fit somewhere, in priority and
 * then creation order, and marks the rest {@code PodScheduled=False} with reason {@code
 * Unschedulable} and a message like the real one ("0/3 nodes are available: 1 Insufficient cpu, 2
 * node(s) had untolerated taint {…}."). It filters nodes as the real default profile does for the
 * features Dovetail cares about: schedulable nodes, taints and tolerations (a node that is not
 * Ready carries the {@code node.kubernetes.io/not-ready} taint, as the node lifecycle controller
 * sets it; readiness is not checked separately, as upstream does not), {@code nodeSelector} and
 * required node affinity, resource requests (with init containers and overhead) and host ports.
 * Among feasible nodes it picks the least allocated, as the default scoring prefers. Pod affinity,
 * topology spread and preemption are not simulated.
 */
public final class SimulatedScheduler implements SingletonReconciler {
  /** The scheduler name that pods select by default. */
  public static final String DEFAULT_SCHEDULER = "default-scheduler";

  /** How often the message of a pod already marked unschedulable may be rewritten. */
  static final Duration MESSAGE_EVERY = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Map<String, BigDecimal>> requestsByUid = new HashMap<>();
  private final Map<String, Instant> messageWrittenAt = new HashMap<>();
  private ObjectReads reads;

  /**
   * @param interval how long the loop waits between passes
   */
  public SimulatedScheduler(KubernetesClient client, Clock clock, Duration interval) {
    this.client = client;
    this.clock = clock;
    this.interval = interval;
    this.reads = ObjectReads.of(client);
  }

  /** Reads Nodes and Pods from {@code reads} instead of listing them; returns this. */
  public SimulatedScheduler readingFrom(ObjectReads reads) {
    this.reads = reads;
    return this;
  }

  /** What one pass did. */
  public record Pass(List<String> bound, List<String> unschedulable) {}

  @Override
  public Result reconcile() {
    schedulePending();
    return Result.requeueAfter(interval);
  }

  /** Runs one scheduling pass. */
  public Pass schedulePending() {
    List<Node> nodes = reads.nodes();
    List<Pod> pods = reads.pods();
    Map<String, Map<String, BigDecimal>> requests = new HashMap<>();
    Map<String, NodeState> states = new TreeMap<>();
    for (Node node : nodes) {
      states.put(node.getMetadata().getName(), new NodeState(node));
    }
    List<Pod> pending = new ArrayList<>();
    for (Pod pod : pods) {
      if (isTerminal(pod)) {
        continue;
      }
      String nodeName = pod.getSpec().getNodeName();
      if (nodeName != null && !nodeName.isEmpty()) {
        NodeState state = states.get(nodeName);
        if (state != null) {
          state.place(pod, requests(pod, requests));
        }
      } else if (pod.getMetadata().getDeletionTimestamp() == null && isOurs(pod)) {
        pending.add(pod);
      }
    }
    requestsByUid.keySet().retainAll(requests.keySet());
    pending.sort(
        Comparator.comparing((Pod p) -> -priority(p))
            .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(SimulatedScheduler::key));
    List<String> bound = new ArrayList<>();
    List<String> unschedulable = new ArrayList<>();
    // Pods with equal specs fit the same nodes: once one fits nowhere, the next ones do not either
    // until a placement changes the nodes.
    Map<PodSpec, String> fitsNowhere = new HashMap<>();
    Set<String> pendingUids = new HashSet<>();
    for (Pod pod : pending) {
      pendingUids.add(pod.getMetadata().getUid());
      String known = fitsNowhere.get(pod.getSpec());
      if (known != null) {
        markUnschedulable(pod, known);
        unschedulable.add(key(pod));
        continue;
      }
      Map<String, BigDecimal> podRequests = requests(pod, requests);
      Map<String, Integer> reasons = new TreeMap<>();
      NodeState best = null;
      double bestScore = -1;
      for (NodeState state : states.values()) {
        String reason = state.reject(pod, podRequests);
        if (reason != null) {
          reasons.merge(reason, 1, Integer::sum);
          continue;
        }
        double score = state.freeFractionAfter(podRequests);
        if (score > bestScore) {
          best = state;
          bestScore = score;
        }
      }
      if (best != null && bind(pod, best.node.getMetadata().getName())) {
        best.place(pod, podRequests);
        bound.add(key(pod));
        fitsNowhere.clear();
      } else if (best == null) {
        String message = message(states.size(), reasons);
        fitsNowhere.put(pod.getSpec(), message);
        markUnschedulable(pod, message);
        unschedulable.add(key(pod));
      }
    }
    messageWrittenAt.keySet().retainAll(pendingUids);
    return new Pass(bound, unschedulable);
  }

  /**
   * The pod's requests, computed once per pod: a pod's resources do not change, so this scheduler
   * keeps them by uid while the pod exists.
   */
  private Map<String, BigDecimal> requests(Pod pod, Map<String, Map<String, BigDecimal>> seen) {
    String uid = pod.getMetadata().getUid();
    Map<String, BigDecimal> amounts =
        uid == null
            ? ResourceAmounts.requests(pod)
            : requestsByUid.computeIfAbsent(uid, u -> ResourceAmounts.requests(pod));
    if (uid != null) {
      seen.put(uid, amounts);
    }
    return amounts;
  }

  private boolean bind(Pod pod, String nodeName) {
    try {
      client
          .bindings()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewTarget()
                  .withKind("Node")
                  .withApiVersion("v1")
                  .withName(nodeName)
                  .endTarget()
                  .build())
          .create();
      return true;
    } catch (KubernetesClientException e) {
      // Bound meanwhile, or deleted: the next pass sees the new state.
      return false;
    }
  }

  /**
   * Sets {@code PodScheduled=False}, reason {@code Unschedulable}, with one merge patch of the
   * status. A pod already marked so gets a changed message at most every {@link #MESSAGE_EVERY}:
   * its node counts change with every node that comes or goes, which would rewrite every pending
   * pod on most passes, while kube-scheduler rewrites it only when it retries the pod, after a
   * backoff. Only people read the message; provisioners read the reason, which is written at once.
   */
  private void markUnschedulable(Pod pod, String message) {
    PodCondition existing =
        pod.getStatus() == null
            ? null
            : pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst()
                .orElse(null);
    boolean marked =
        existing != null
            && "False".equals(existing.getStatus())
            && "Unschedulable".equals(existing.getReason());
    Instant now = clock.instant();
    String uid = pod.getMetadata().getUid();
    if (marked) {
      Instant written = uid == null ? null : messageWrittenAt.get(uid);
      if (message.equals(existing.getMessage())
          || (written != null && now.isBefore(written.plus(MESSAGE_EVERY)))) {
        return;
      }
    }
    PodCondition condition =
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(message)
            .withLastProbeTime(null)
            .withLastTransitionTime(
                existing != null && "False".equals(existing.getStatus())
                    ? existing.getLastTransitionTime()
                    : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
            .build();
    List<PodCondition> conditions = new ArrayList<>();
    if (pod.getStatus() != null) {
      pod.getStatus().getConditions().stream()
          .filter(c -> !"PodScheduled".equals(c.getType()))
          .forEach(conditions::add);
    }
    conditions.add(condition);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("conditions", conditions);
    if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
      status.put("phase", "Pending");
    }
    try {
      MergePatch.status(client, pod, status);
      if (uid != null) {
        messageWrittenAt.put(uid, now);
      }
    } catch (KubernetesClientException e) {
      // Deleted meanwhile; the next pass tries again.
    }
  }

  /** Upstream's summary: reasons counted over nodes, sorted, after "0/N nodes are available". */
  static String message(int nodes, Map<String, Integer> reasons) {
    if (nodes == 0) {
      return "no nodes available to schedule pods";
    }
    String detail =
        reasons.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .sorted()
            .collect(Collectors.joining(", "));
    return "0/" + nodes + " nodes are available: " + detail + ".";
  }

  private static boolean isOurs(Pod pod) {
    String name = pod.getSpec().getSchedulerName();
    return name == null || name.isEmpty() || name.equals(DEFAULT_SCHEDULER);
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static int priority(Pod pod) {
    return pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** A node with what is placed on it so far in this pass. */
  private static final class NodeState {
    final Node node;
    final Map<String, BigDecimal> allocatable;
    final Map<String, BigDecimal> used = new HashMap<>();
    final Set<String> hostPorts = new HashSet<>();

    NodeState(Node node) {
      this.node = node;
      this.allocatable =
          ResourceAmounts.amounts(
              node.getStatus() == null ? null : node.getStatus().getAllocatable());
    }

    void place(Pod pod, Map<String, BigDecimal> requests) {
      ResourceAmounts.add(used, requests);
      hostPorts.addAll(hostPorts(pod));
    }

    /** Why the pod cannot go here, in upstream's words, or null when it can. */
    String reject(Pod pod, Map<String, BigDecimal> requests) {
      if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())
          && pod.getSpec().getTolerations().stream()
              .noneMatch(
                  t ->
                      NodeMatcher.tolerates(
                          t,
                          new Taint(
                              "NoSchedule", "node.kubernetes.io/unschedulable", null, null)))) {
        return "node(s) were unschedulable";
      }
      Taint taint = NodeMatcher.untolerated(pod, node);
      if (taint != null) {
        return "node(s) had untolerated taint {"
            + taint.getKey()
            + (taint.getValue() == null || taint.getValue().isEmpty()
                ? ""
                : ": " + taint.getValue())
            + "}";
      }
      if (!NodeMatcher.selects(pod, node)) {
        return "node(s) didn't match Pod's node affinity/selector";
      }
      for (String port : hostPorts(pod)) {
        if (hostPorts.contains(port)) {
          return "node(s) didn't have free ports for the requested pod ports";
        }
      }
      for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
        if (request.getValue().signum() == 0) {
          continue;
        }
        BigDecimal free =
            allocatable
                .getOrDefault(request.getKey(), BigDecimal.ZERO)
                .subtract(used.getOrDefault(request.getKey(), BigDecimal.ZERO));
        if (free.compareTo(request.getValue()) < 0) {
          return request.getKey().equals("pods")
              ? "Too many pods"
              : "Insufficient " + request.getKey();
        }
      }
      return null;
    }

    /** Mean free fraction of cpu and memory after placing the pod (LeastAllocated). */
    double freeFractionAfter(Map<String, BigDecimal> requests) {
      double total = 0;
      for (String resource : List.of("cpu", "memory")) {
        BigDecimal capacity = allocatable.getOrDefault(resource, BigDecimal.ZERO);
        if (capacity.signum() == 0) {
          continue;
        }
        BigDecimal after =
            used.getOrDefault(resource, BigDecimal.ZERO)
                .add(requests.getOrDefault(resource, BigDecimal.ZERO));
        total += 1 - after.doubleValue() / capacity.doubleValue();
      }
      return total / 2;
    }

    private static List<String> hostPorts(Pod pod) {
      List<String> ports = new ArrayList<>();
      pod.getSpec()
          .getContainers()
          .forEach(
              c -> {
                for (ContainerPort p : c.getPorts()) {
                  if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(
                        (p.getProtocol() == null ? "TCP" : p.getProtocol())
                            + "/"
                            + (p.getHostIP() == null ? "0.0.0.0" : p.getHostIP())
                            + "/"
                            + p.getHostPort());
                  }
                }
              });
      return ports;
    }
  }
}
