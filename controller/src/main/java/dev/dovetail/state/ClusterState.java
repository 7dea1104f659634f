package dev.dovetail.state;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory view of the cluster that the controllers decide on, kept current by informer events
 * (see {@link ClusterInformers}): nodes merged with their Machines by provider id, the pods bound
 * to each node, DaemonSets, and the controllers' own marks (nominated, marked for deletion). Reads
 * return immutable copies; all methods are thread-safe.
 */
public final class ClusterState {
  /** How long a node that pods were nominated to is protected from removal (upstream: 20 s). */
  public static final Duration NOMINATION_WINDOW = Duration.ofSeconds(20);

  private final Clock clock;

  private final Map<String, Entry> byKey = new LinkedHashMap<>();
  private final Map<String, String> machineKeys = new HashMap<>();
  private final Map<String, String> nodeKeys = new HashMap<>();
  private final Map<String, String> podNodes = new HashMap<>();
  private final Map<String, Set<String>> nodePods = new HashMap<>();
  private final Map<String, DaemonSet> daemonSets = new LinkedHashMap<>();

  private static final class Entry {
    Node node;
    Machine machine;
    boolean markedForDeletion;
    Instant nominatedUntil;
  }

  /** Counts every change to what this state holds; see {@link #changes()}. */
  private long changes;

  private List<StateNode> nodesView;
  private long nodesViewAt;

  public ClusterState(Clock clock) {
    this.clock = clock;
  }

  // Nodes and Machines

  public synchronized void updateNode(Node node) {
    changes++;
    String name = node.getMetadata().getName();
    String key = providerId(node).orElse("node/" + name);
    Entry entry = rekey(nodeKeys, name, key);
    entry.node = node;
  }

  public synchronized void deleteNode(Node node) {
    changes++;
    String key = nodeKeys.remove(node.getMetadata().getName());
    if (key != null) {
      Entry entry = byKey.get(key);
      entry.node = null;
      dropIfEmpty(key, entry);
    }
  }

  public synchronized void updateMachine(Machine machine) {
    changes++;
    String name = machine.getMetadata().getName();
    String key = providerId(machine).orElse("machine/" + name);
    Entry entry = rekey(machineKeys, name, key);
    entry.machine = machine;
  }

  public synchronized void deleteMachine(Machine machine) {
    changes++;
    String key = machineKeys.remove(machine.getMetadata().getName());
    if (key != null) {
      Entry entry = byKey.get(key);
      entry.machine = null;
      dropIfEmpty(key, entry);
    }
  }

  /** Moves one side (node or machine) of an entry to {@code key}, merging with what is there. */
  private Entry rekey(Map<String, String> keys, String name, String key) {
    String old = keys.put(name, key);
    Entry target = byKey.computeIfAbsent(key, k -> new Entry());
    if (old != null && !old.equals(key)) {
      Entry previous = byKey.get(old);
      if (previous != null) {
        // Marks follow the object to its new key (for example once a Machine has an instance).
        target.markedForDeletion |= previous.markedForDeletion;
        if (previous.nominatedUntil != null
            && (target.nominatedUntil == null
                || previous.nominatedUntil.isAfter(target.nominatedUntil))) {
          target.nominatedUntil = previous.nominatedUntil;
        }
        if (keys == machineKeys) {
          previous.machine = null;
        } else {
          previous.node = null;
        }
        dropIfEmpty(old, previous);
      }
    }
    return target;
  }

  private void dropIfEmpty(String key, Entry entry) {
    if (entry.node == null && entry.machine == null) {
      byKey.remove(key);
    }
  }

  public synchronized List<StateNode> nodes() {
    // Several controllers read every node on each pass; the views change only with the state.
    if (nodesView == null || nodesViewAt != changes) {
      List<StateNode> views = new ArrayList<>(byKey.size());
      byKey.forEach((key, entry) -> views.add(view(key, entry)));
      nodesView = views;
      nodesViewAt = changes;
    }
    return new ArrayList<>(nodesView);
  }

  public synchronized Optional<StateNode> nodeByKey(String key) {
    Entry entry = byKey.get(key);
    return entry == null ? Optional.empty() : Optional.of(view(key, entry));
  }

  public synchronized Optional<StateNode> nodeByName(String nodeName) {
    String key = nodeKeys.get(nodeName);
    return key == null ? Optional.empty() : nodeByKey(key);
  }

  private StateNode view(String key, Entry entry) {
    String nodeName = entry.node == null ? null : entry.node.getMetadata().getName();
    Set<String> pods = nodeName == null ? Set.of() : nodePods.getOrDefault(nodeName, Set.of());
    return new StateNode(
        key,
        Optional.ofNullable(entry.node),
        Optional.ofNullable(entry.machine),
        pods,
        entry.markedForDeletion,
        Optional.ofNullable(entry.nominatedUntil));
  }

  // Pods

  public synchronized void updatePod(Pod pod) {
    changes++;
    String key = PodPredicates.key(pod);
    String nodeName =
        PodPredicates.isScheduled(pod) && !PodPredicates.isTerminal(pod)
            ? pod.getSpec().getNodeName()
            : null;
    unbind(key);
    if (nodeName != null) {
      podNodes.put(key, nodeName);
      nodePods.computeIfAbsent(nodeName, n -> new HashSet<>()).add(key);
    }
  }

  public synchronized void deletePod(Pod pod) {
    changes++;
    unbind(PodPredicates.key(pod));
  }

  private void unbind(String podKey) {
    String previous = podNodes.remove(podKey);
    if (previous != null) {
      Set<String> pods = nodePods.get(previous);
      pods.remove(podKey);
      if (pods.isEmpty()) {
        nodePods.remove(previous);
      }
    }
  }

  /** Keys of the pods bound to {@code nodeName}. */
  public synchronized Set<String> podsOn(String nodeName) {
    return Set.copyOf(nodePods.getOrDefault(nodeName, Set.of()));
  }

  // DaemonSets

  public synchronized void updateDaemonSet(DaemonSet daemonSet) {
    changes++;
    daemonSets.put(
        key(daemonSet.getMetadata().getNamespace(), daemonSet.getMetadata().getName()), daemonSet);
  }

  public synchronized void deleteDaemonSet(DaemonSet daemonSet) {
    changes++;
    daemonSets.remove(
        key(daemonSet.getMetadata().getNamespace(), daemonSet.getMetadata().getName()));
  }

  public synchronized List<DaemonSet> daemonSets() {
    return List.copyOf(daemonSets.values());
  }

  // Marks set by controllers

  /** Protects the node from removal for {@link #NOMINATION_WINDOW} from now. */
  public synchronized void nominate(String key) {
    changes++;
    Entry entry = byKey.get(key);
    if (entry != null) {
      entry.nominatedUntil = clock.instant().plus(NOMINATION_WINDOW);
    }
  }

  public synchronized void markForDeletion(Collection<String> keys) {
    changes++;
    keys.forEach(k -> Optional.ofNullable(byKey.get(k)).ifPresent(e -> e.markedForDeletion = true));
  }

  public synchronized void unmarkForDeletion(Collection<String> keys) {
    changes++;
    keys.forEach(
        k -> Optional.ofNullable(byKey.get(k)).ifPresent(e -> e.markedForDeletion = false));
  }

  /**
   * How many changes (object events and marks) this state has seen: equal counts mean nothing
   * changed in between, which lets a controller skip a pass that would find the same answer.
   */
  public synchronized long changes() {
    return changes;
  }

  // Sync

  /**
   * Whether every Machine and Node the API shows (by name) is known here, as Karpenter's
   * provisioner checks before it plans: a plan made while state lags could launch twice for the
   * same pods.
   */
  public synchronized boolean knowsAll(
      Collection<String> machineNames, Collection<String> nodeNames) {
    return machineKeys.keySet().containsAll(machineNames)
        && nodeKeys.keySet().containsAll(nodeNames);
  }

  private static Optional<String> providerId(Node node) {
    String id = node.getSpec() == null ? null : node.getSpec().getProviderID();
    return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private static Optional<String> providerId(Machine machine) {
    String id = machine.getStatus() == null ? null : machine.getStatus().providerID();
    return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
