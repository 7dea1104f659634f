package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.OneLine;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.snapshot.NodePools;
import dev.dovetail.snapshot.PodRequests;
import dev.dovetail.snapshot.VolumeTopology;
import dev.dovetail.snapshot.WorkloadPods;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a provisioning pass's {@link ClusterSnapshot} from cluster state: node pools from the
 * Provisioners that are not being deleted, with the cloud's instance types, daemonset overhead and
 * what is left of their limits after {@code status.resources}; existing and in-flight nodes with
 * what they have left; the provisionable pods plus the pods on nodes being deleted.
 */
public final class SnapshotBuilder {
  private static final Logger LOG = LoggerFactory.getLogger("controller.provisioner");

  /** Taints the kubelet and cloud controller remove once a node is ready. */
  static final Set<String> EPHEMERAL_TAINTS =
      Set.of(
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "node.cloudprovider.kubernetes.io/uninitialized");

  private final Function<Provisioner, List<InstanceType>> instanceTypes;
  private final UnaryOperator<Provisioner> defaulter;
  private final VolumeTopology volumes;
  private final Function<Provisioner, List<Problem>> validator;
  private final PoolReports reports;

  /**
   * @param defaulter the Provisioner defaulting the cloud provider's webhook would apply
   */
  public SnapshotBuilder(CloudProvider cloudProvider, UnaryOperator<Provisioner> defaulter) {
    this(cloudProvider::instanceTypes, defaulter);
  }

  /**
   * @param instanceTypes the instance types of a (defaulted) Provisioner, for example from a
   *     catalog (dry runs)
   * @param defaulter the Provisioner defaulting the cloud provider's webhook would apply
   */
  public SnapshotBuilder(
      Function<Provisioner, List<InstanceType>> instanceTypes,
      UnaryOperator<Provisioner> defaulter) {
    this(
        instanceTypes,
        defaulter,
        new VolumeTopology(VolumeTopology.Lookup.NONE),
        p -> List.of(),
        PoolReports.NONE);
  }

  private SnapshotBuilder(
      Function<Provisioner, List<InstanceType>> instanceTypes,
      UnaryOperator<Provisioner> defaulter,
      VolumeTopology volumes,
      Function<Provisioner, List<Problem>> validator,
      PoolReports reports) {
    this.instanceTypes = instanceTypes;
    this.defaulter = defaulter;
    this.volumes = volumes;
    this.validator = validator;
    this.reports = reports;
  }

  /**
   * This builder, leaving out every Provisioner {@code validator} finds a problem with and telling
   * {@code reports} about it and about pools that fail to build.
   */
  public SnapshotBuilder withValidation(
      Function<Provisioner, List<Problem>> validator, PoolReports reports) {
    return new SnapshotBuilder(instanceTypes, defaulter, volumes, validator, reports);
  }

  /**
   * This builder, reading the claims, volumes and storage classes of pending pods from {@code
   * lookup}.
   */
  public SnapshotBuilder withVolumes(VolumeTopology.Lookup lookup) {
    return new SnapshotBuilder(
        instanceTypes, defaulter, new VolumeTopology(lookup), validator, reports);
  }

  /**
   * @param nodes cluster state's nodes, read before the pods (erring toward under-provisioning)
   */
  public ClusterSnapshot build(
      List<Provisioner> provisioners,
      List<StateNode> nodes,
      List<Pod> allPods,
      List<DaemonSet> daemonSets) {
    WorkloadPods converter = new WorkloadPods();
    List<dev.dovetail.scheduling.Pod> daemons = new ArrayList<>();
    for (DaemonSet ds : daemonSets) {
      try {
        daemons.add(converter.daemonPod(ds));
      } catch (RuntimeException e) {
        LOG.atDebug()
            .addKeyValue("daemonset", ds.getMetadata().getName())
            .addKeyValue("error", e.getMessage())
            .log("ignoring daemonset");
      }
    }

    Map<String, Provisioner> pools = new LinkedHashMap<>();
    List<NodePool> enginePools = new ArrayList<>();
    for (Provisioner raw : provisioners) {
      if (raw.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Provisioner provisioner;
      NodePool pool;
      try {
        List<Problem> problems = validator.apply(raw);
        if (!problems.isEmpty()) {
          skip(raw, "invalid provisioner, " + problems.get(0), problems.size());
          continue;
        }
        provisioner = defaulter.apply(raw);
        List<InstanceType> types = instanceTypes.apply(provisioner);
        pool =
            NodePools.withDaemons(NodePools.toEngine(provisioner, types), daemons)
                .withRemainingLimits(remainingLimits(provisioner));
      } catch (CloudProviderException e) {
        LOG.atError()
            .addKeyValue("provisioner", raw.getMetadata().getName())
            .addKeyValue("error", e.getMessage())
            .log("skipping, unable to resolve instance types");
        continue;
      } catch (RuntimeException e) {
        // One Provisioner the code cannot handle must not stop the pass for the others.
        skip(raw, "unable to build its node pool, " + e, 1);
        continue;
      }
      enginePools.add(pool);
      pools.put(pool.name(), provisioner);
      reports.built(raw);
    }

    Map<String, List<Pod>> podsByNode = new HashMap<>();
    Map<String, Pod> pending = new LinkedHashMap<>();
    for (Pod pod : allPods) {
      if (PodPredicates.isProvisionable(pod)) {
        var unsupported = PodPredicates.unsupportedReason(pod);
        if (unsupported.isPresent()) {
          LOG.atDebug()
              .addKeyValue("pod", PodPredicates.key(pod))
              .log("ignoring pod, {}", unsupported.get());
        } else {
          pending.put(PodPredicates.key(pod), pod);
        }
      } else if (PodPredicates.isScheduled(pod) && !PodPredicates.isTerminal(pod)) {
        podsByNode.computeIfAbsent(pod.getSpec().getNodeName(), n -> new ArrayList<>()).add(pod);
      }
    }

    List<ExistingNode> existing = new ArrayList<>();
    Map<String, StateNode> existingByName = new LinkedHashMap<>();
    for (StateNode node : nodes) {
      List<Pod> bound =
          node.nodeName().map(n -> podsByNode.getOrDefault(n, List.of())).orElse(List.of());
      if (node.isDeleting()) {
        // Plan ahead for the pods that will have to move.
        for (Pod pod : bound) {
          if (!PodPredicates.isOwnedByDaemonSet(pod)
              && !PodPredicates.isMirror(pod)
              && !PodPredicates.isTerminating(pod)) {
            pending.putIfAbsent(PodPredicates.key(pod), pod);
          }
        }
        continue;
      }
      ExistingNode engineNode = existingNode(node, bound);
      if (engineNode != null) {
        existing.add(engineNode);
        existingByName.put(engineNode.name(), node);
      }
    }

    List<dev.dovetail.scheduling.Pod> pods = new ArrayList<>();
    List<Pod> sorted = new ArrayList<>(pending.values());
    sorted.sort(
        Comparator.comparing(
            (Pod p) ->
                p.getMetadata().getCreationTimestamp() == null
                    ? ""
                    : p.getMetadata().getCreationTimestamp()));
    Map<String, Pod> pendingByKey = new LinkedHashMap<>();
    for (Pod pod : sorted) {
      try {
        pods.add(converter.pendingPod(pod, volumes.of(pod)));
        pendingByKey.put(PodPredicates.key(pod), pod);
      } catch (RuntimeException e) {
        LOG.atDebug()
            .addKeyValue("pod", PodPredicates.key(pod))
            .addKeyValue("error", e.getMessage())
            .log("ignoring pod, it cannot be scheduled by the provisioner");
      }
    }
    return new ClusterSnapshot(
        new Snapshot(enginePools, existing, pods), pools, pendingByKey, existingByName);
  }

  /**
   * A bound pod as the engine would plan it if it had to move (deprovisioning simulates this), with
   * the zone constraints of its volumes.
   *
   * @throws IllegalArgumentException naming the pod and field when a value is invalid
   */
  public dev.dovetail.scheduling.Pod enginePod(Pod pod) {
    return new WorkloadPods().pendingPod(pod, volumes.of(pod));
  }

  private void skip(Provisioner provisioner, String message, int problems) {
    String line =
        OneLine.of(message, 500) + (problems > 1 ? " (and " + (problems - 1) + " more)" : "");
    LOG.atError()
        .addKeyValue("provisioner", provisioner.getMetadata().getName())
        .log("skipping provisioner, " + line);
    reports.failed(provisioner, line);
  }

  /** What is left of each limit after the capacity the Provisioner already owns. */
  static Map<String, Long> remainingLimits(Provisioner provisioner) {
    Map<String, Long> remaining = new TreeMap<>();
    if (provisioner.getSpec() == null
        || provisioner.getSpec().limits() == null
        || provisioner.getSpec().limits().resources() == null) {
      return remaining;
    }
    Map<String, Quantity> used =
        provisioner.getStatus() == null || provisioner.getStatus().resources() == null
            ? Map.of()
            : provisioner.getStatus().resources();
    provisioner
        .getSpec()
        .limits()
        .resources()
        .forEach(
            (name, limit) -> {
              BigDecimal left = Quantity.getAmountInBytes(limit);
              Quantity u = used.get(name);
              if (u != null) {
                left = left.subtract(Quantity.getAmountInBytes(u));
              }
              remaining.put(name, Math.max(0, NodePools.engineUnits(name, left)));
            });
    return remaining;
  }

  private static ExistingNode existingNode(StateNode state, List<Pod> bound) {
    Map<String, String> labels = new TreeMap<>();
    List<Taint> taints = new ArrayList<>();
    Resources allocatable;
    boolean initialized;
    String name;
    if (state.node().isPresent()) {
      var node = state.node().get();
      name = node.getMetadata().getName();
      if (node.getMetadata().getLabels() != null) {
        labels.putAll(node.getMetadata().getLabels());
      }
      boolean nodeInitialized = "true".equals(labels.get(WellKnownLabels.INITIALIZED));
      Set<String> startupTaints = startupTaintKeys(state);
      if (node.getSpec() != null && node.getSpec().getTaints() != null) {
        for (var t : node.getSpec().getTaints()) {
          // A node that is still coming up carries taints that go away once it is ready; pods
          // nominated to it must not be turned away by them (or a second node is launched).
          boolean passing =
              state.machine().isPresent()
                  && !nodeInitialized
                  && (EPHEMERAL_TAINTS.contains(t.getKey()) || startupTaints.contains(t.getKey()));
          if (!passing) {
            taints.add(
                new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())));
          }
        }
      }
      allocatable =
          node.getStatus() == null || node.getStatus().getAllocatable() == null
              ? Resources.NONE
              : PodRequests.resources(node.getStatus().getAllocatable());
      initialized =
          state.machine().isPresent()
              ? "true".equals(labels.get(WellKnownLabels.INITIALIZED))
              : ready(node);
    } else {
      Machine machine = state.machine().orElseThrow();
      name = machine.getMetadata().getName();
      if (machine.getMetadata().getLabels() != null) {
        labels.putAll(machine.getMetadata().getLabels());
      }
      if (machine.getSpec() != null) {
        if (machine.getSpec().requirements() != null) {
          for (NodeSelectorRequirement r : machine.getSpec().requirements()) {
            if ("In".equals(r.getOperator())
                && r.getValues() != null
                && r.getValues().size() == 1) {
              labels.putIfAbsent(r.getKey(), r.getValues().get(0));
            }
          }
        }
        if (machine.getSpec().taints() != null) {
          for (var t : machine.getSpec().taints()) {
            taints.add(
                new Taint(t.getKey(), t.getValue(), TaintEffect.fromKubernetes(t.getEffect())));
          }
        }
      }
      if (machine.getStatus() != null && machine.getStatus().allocatable() != null) {
        allocatable = PodRequests.resources(machine.getStatus().allocatable());
      } else if (machine.getSpec() != null
          && machine.getSpec().resources() != null
          && machine.getSpec().resources().requests() != null) {
        // Not launched yet: all we know is that it will fit what it was created for.
        allocatable = PodRequests.resources(machine.getSpec().resources().requests());
      } else {
        return null;
      }
      initialized = false;
    }
    Resources used = Resources.NONE;
    List<HostPort> ports = new ArrayList<>();
    List<BoundPod> pods = new ArrayList<>();
    for (Pod pod : bound) {
      used = used.plus(PodRequests.withPodSlot(pod.getSpec()));
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getPorts() != null) {
          for (ContainerPort p : c.getPorts()) {
            if (p.getHostPort() != null && p.getHostPort() > 0) {
              ports.add(new HostPort(p.getHostIP(), p.getHostPort(), p.getProtocol()));
            }
          }
        }
      }
      pods.add(
          new BoundPod(
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              pod.getMetadata().getLabels() == null
                  ? new TreeMap<>()
                  : new TreeMap<>(pod.getMetadata().getLabels()),
              List.of()));
    }
    Resources available = allocatable.minus(used);
    return new ExistingNode(
        name,
        labels.get(WellKnownLabels.PROVISIONER_NAME),
        new TreeMap<>(labels),
        taints,
        available,
        initialized,
        state.inFlight(),
        ports,
        pods);
  }

  private static Set<String> startupTaintKeys(StateNode state) {
    return state
        .machine()
        .filter(m -> m.getSpec() != null && m.getSpec().startupTaints() != null)
        .map(
            m ->
                m.getSpec().startupTaints().stream()
                    .map(io.fabric8.kubernetes.api.model.Taint::getKey)
                    .collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  private static boolean ready(io.fabric8.kubernetes.api.model.Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }
}
