package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.OneLine;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.snapshot.NodePools;
import dev.dovetail.snapshot.VolumeTopology;
import dev.dovetail.snapshot.WorkloadPods;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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

  private final Function<Provisioner, List<InstanceType>> instanceTypes;
  private final UnaryOperator<Provisioner> defaulter;
  private final VolumeTopology volumes;
  private final Function<Provisioner, List<Problem>> validator;
  private final PoolReports reports;
  private final Set<String> providerLabels;
  private final BoundPodFacts boundPods = new BoundPodFacts();

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
        PoolReports.NONE,
        Set.of());
  }

  private SnapshotBuilder(
      Function<Provisioner, List<InstanceType>> instanceTypes,
      UnaryOperator<Provisioner> defaulter,
      VolumeTopology volumes,
      Function<Provisioner, List<Problem>> validator,
      PoolReports reports,
      Set<String> providerLabels) {
    this.instanceTypes = instanceTypes;
    this.defaulter = defaulter;
    this.volumes = volumes;
    this.validator = validator;
    this.reports = reports;
    this.providerLabels = Set.copyOf(providerLabels);
  }

  /**
   * This builder, leaving out every Provisioner {@code validator} finds a problem with and telling
   * {@code reports} about it and about pools that fail to build.
   */
  public SnapshotBuilder withValidation(
      Function<Provisioner, List<Problem>> validator, PoolReports reports) {
    return new SnapshotBuilder(
        instanceTypes, defaulter, volumes, validator, reports, providerLabels);
  }

  /**
   * This builder, reading the claims, volumes and storage classes of pending pods from {@code
   * lookup}.
   */
  public SnapshotBuilder withVolumes(VolumeTopology.Lookup lookup) {
    return new SnapshotBuilder(
        instanceTypes, defaulter, new VolumeTopology(lookup), validator, reports, providerLabels);
  }

  /**
   * This builder, giving every pool the provider's label keys ({@code
   * ProviderConventions#wellKnownLabels}), which pods may ask for although no Provisioner defines
   * them.
   */
  public SnapshotBuilder withProviderLabels(Set<String> keys) {
    return new SnapshotBuilder(instanceTypes, defaulter, volumes, validator, reports, keys);
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
            NodePools.withDaemons(
                    NodePools.toEngine(provisioner, types).withProviderLabels(providerLabels),
                    daemons)
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
      }
    }
    boundPods.startPass();
    ExistingCapacity capacity = ExistingCapacity.of(nodes, allPods, boundPods);
    capacity
        .skipped()
        .forEach(
            (node, error) ->
                LOG.atError()
                    .addKeyValue("node", node)
                    .addKeyValue("error", error)
                    .log("ignoring node, its capacity cannot be read"));
    // Plan ahead for the pods that will have to move.
    capacity.toMove().forEach(pod -> pending.putIfAbsent(PodPredicates.key(pod), pod));
    List<ExistingNode> existing = capacity.nodes();
    Map<String, StateNode> existingByName = capacity.byName();

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

  /**
   * What a bound pod takes from its node (requests with the pod slot), as the last {@link #build}
   * computed it, or computed now for a pod it did not see.
   *
   * @throws IllegalArgumentException if a quantity cannot be read
   */
  public Resources boundPodRequests(Pod pod) {
    return boundPods.of(pod).requests();
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
    return remainingLimits(
        provisioner,
        provisioner.getStatus() == null || provisioner.getStatus().resources() == null
            ? Map.of()
            : provisioner.getStatus().resources());
  }

  /**
   * What is left of each limit of {@code provisioner} after {@code used} (its {@code
   * status.resources}, or the summed capacity of its nodes), in engine units; empty without limits.
   */
  public static Map<String, Long> remainingLimits(
      Provisioner provisioner, Map<String, Quantity> used) {
    Map<String, Long> remaining = new TreeMap<>();
    if (provisioner.getSpec() == null
        || provisioner.getSpec().limits() == null
        || provisioner.getSpec().limits().resources() == null) {
      return remaining;
    }
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
}
