package dev.dovetail.plan;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.controllers.provisioning.ExistingCapacity;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.solver.Scheduler;
import dev.dovetail.snapshot.NodePools;
import dev.dovetail.snapshot.WorkloadPods;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans one set of manifests: Provisioners become node pools over the catalog's instance types,
 * workloads and unbound Pods become pending pods, and Nodes (with the Pods bound to them, as {@code
 * kubectl get nodes,pods -A -o yaml} writes them) are the cluster's existing capacity, translated
 * as for a live cluster ({@link ExistingCapacity}). Without Nodes the cluster is empty.
 */
public final class ManifestPlanner {
  private final List<InstanceType> instanceTypes;
  private final String region;
  private final String catalogName;
  private final SolveOptions options;
  private final Clock clock;

  /** {@code clock} is the time of the cluster state a plan reads (its nomination windows). */
  public ManifestPlanner(
      List<InstanceType> instanceTypes,
      String region,
      String catalogName,
      SolveOptions options,
      Clock clock) {
    this.instanceTypes = List.copyOf(instanceTypes);
    this.region = region;
    this.catalogName = catalogName;
    this.options = options;
    this.clock = clock;
  }

  public PlanReport plan(String source, List<Decoded<?>> documents) {
    List<String> warnings = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<NodePool> pools = new ArrayList<>();
    Set<String> templates = new HashSet<>();
    for (Decoded<?> d : documents) {
      if (d.object() instanceof AWSNodeTemplate t && d.valid()) {
        templates.add(t.getMetadata().getName());
      }
    }
    List<Pod> pods = new ArrayList<>();
    List<Pod> daemons = new ArrayList<>();
    List<Provisioner> provisioners = new ArrayList<>();
    ClusterState cluster = new ClusterState(clock);
    List<io.fabric8.kubernetes.api.model.Pod> bound = new ArrayList<>();
    Map<String, Map<String, String>> namespaces = new TreeMap<>();
    WorkloadPods workloads = new WorkloadPods();
    for (Decoded<?> d : documents) {
      String where = d.document().displayName();
      if (d.object() instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds) {
        try {
          daemons.add(workloads.daemonPod(ds));
        } catch (IllegalArgumentException e) {
          warnings.add(where + ": " + e.getMessage() + "; skipped");
          skipped.add(where);
        }
      } else if (d.object() instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
        if (ns.getMetadata() != null && ns.getMetadata().getName() != null) {
          Map<String, String> labels = ns.getMetadata().getLabels();
          namespaces.put(ns.getMetadata().getName(), labels == null ? Map.of() : labels);
        }
      } else if (d.object() instanceof Node node) {
        if (node.getMetadata() != null && node.getMetadata().getName() != null) {
          cluster.updateNode(node);
        }
      } else if (d.object() instanceof Machine && d.valid()) {
        cluster.updateMachine((Machine) d.defaulted());
      } else if (d.object() instanceof io.fabric8.kubernetes.api.model.Pod pod && !isPending(pod)) {
        if (PodPredicates.isScheduled(pod)) {
          bound.add(pod);
        }
      } else if (d.object() instanceof Provisioner) {
        if (!d.valid()) {
          warnings.add(
              where
                  + " is invalid and was skipped (see dovetail validate): "
                  + d.validate().get(0));
          continue;
        }
        Provisioner provisioner = (Provisioner) d.defaulted();
        ProviderRef ref =
            provisioner.getSpec() == null ? null : provisioner.getSpec().providerRef();
        if (ref != null && !templates.contains(ref.name())) {
          warnings.add(
              "Provisioner "
                  + provisioner.getMetadata().getName()
                  + " refers to AWSNodeTemplate "
                  + ref.name()
                  + ", which is not among the manifests; planning with the catalog's defaults");
        }
        pools.add(
            NodePools.toEngine(provisioner, instanceTypes)
                .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels()));
        provisioners.add(provisioner);
      } else if (d.object() != null) {
        try {
          pods.addAll(workloads.expand(d.object()));
        } catch (IllegalArgumentException e) {
          warnings.add(where + ": " + e.getMessage() + "; skipped");
          skipped.add(where);
        }
      }
    }
    if (pools.isEmpty()) {
      warnings.add("no valid Provisioner found: every pod is unschedulable");
    }
    ExistingCapacity capacity = ExistingCapacity.of(cluster.nodes(), bound);
    capacity
        .skipped()
        .forEach((node, error) -> warnings.add("Node/" + node + ": " + error + "; skipped"));
    unknownNodes(bound, cluster, warnings);
    for (var pod : capacity.toMove()) {
      try {
        pods.add(workloads.pendingPod(pod, Requirements.NONE));
      } catch (IllegalArgumentException e) {
        warnings.add(e.getMessage() + "; skipped");
        skipped.add("Pod/" + pod.getMetadata().getName());
      }
    }
    List<dev.dovetail.scheduling.NodePool> withLimits = new ArrayList<>();
    for (int i = 0; i < pools.size(); i++) {
      withLimits.add(
          NodePools.withDaemons(pools.get(i), daemons)
              .withRemainingLimits(remainingLimits(provisioners.get(i), cluster)));
    }
    Plan plan =
        Scheduler.solve(new Snapshot(withLimits, capacity.nodes(), pods, namespaces), options);
    return report(source, pods.size(), plan, warnings, skipped);
  }

  /**
   * A Pod to plan: not bound to a node, not a DaemonSet's or a mirror pod (those run where they
   * are), not finished or being deleted.
   */
  private static boolean isPending(io.fabric8.kubernetes.api.model.Pod pod) {
    return !PodPredicates.isScheduled(pod)
        && !PodPredicates.isOwnedByDaemonSet(pod)
        && !PodPredicates.isMirror(pod)
        && !PodPredicates.isTerminal(pod)
        && !PodPredicates.isTerminating(pod);
  }

  /** Warns once about bound pods whose node is not among the manifests: they are left out. */
  private static void unknownNodes(
      List<io.fabric8.kubernetes.api.model.Pod> bound,
      ClusterState cluster,
      List<String> warnings) {
    List<String> missing = new ArrayList<>();
    for (var pod : bound) {
      if (cluster.nodeByName(pod.getSpec().getNodeName()).isEmpty()) {
        missing.add(PodPredicates.key(pod) + " (node " + pod.getSpec().getNodeName() + ")");
      }
    }
    if (!missing.isEmpty()) {
      warnings.add(
          missing.size()
              + " pod(s) bound to a node that is not among the manifests were ignored: "
              + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
              + (missing.size() > 3 ? ", …" : ""));
    }
  }

  /**
   * What is left of the Provisioner's limits: after its {@code status.resources} when the manifest
   * has them, else after the capacity of the Nodes labelled with its name.
   */
  private static Map<String, Long> remainingLimits(Provisioner provisioner, ClusterState cluster) {
    if (provisioner.getStatus() != null && provisioner.getStatus().resources() != null) {
      return SnapshotBuilder.remainingLimits(provisioner, provisioner.getStatus().resources());
    }
    Map<String, BigDecimal> used = new TreeMap<>();
    for (StateNode state : cluster.nodes()) {
      state
          .node()
          .filter(n -> n.getMetadata().getLabels() != null)
          .filter(
              n ->
                  provisioner
                      .getMetadata()
                      .getName()
                      .equals(n.getMetadata().getLabels().get(WellKnownLabels.PROVISIONER_NAME)))
          .filter(n -> n.getStatus() != null && n.getStatus().getCapacity() != null)
          .ifPresent(
              n ->
                  n.getStatus()
                      .getCapacity()
                      .forEach(
                          (name, q) ->
                              used.merge(name, Quantity.getAmountInBytes(q), BigDecimal::add)));
    }
    Map<String, Quantity> quantities = new TreeMap<>();
    used.forEach((name, amount) -> quantities.put(name, new Quantity(amount.toPlainString())));
    return SnapshotBuilder.remainingLimits(provisioner, quantities);
  }

  /** Solves a snapshot built elsewhere (for example from a live cluster) and reports it. */
  public PlanReport plan(String source, Snapshot snapshot, List<String> warnings) {
    Plan plan = Scheduler.solve(snapshot, options);
    return report(source, snapshot.pods().size(), plan, new ArrayList<>(warnings), List.of());
  }

  private PlanReport report(
      String source, int podCount, Plan plan, List<String> warnings, List<String> skipped) {
    List<PlanReport.NodeReport> nodes = new ArrayList<>();
    for (PlannedNode n : plan.newNodes()) {
      var cheapest = n.candidates().get(0);
      nodes.add(
          new PlanReport.NodeReport(
              n.nodePool(),
              cheapest.instanceType(),
              cheapest.pricePerHour(),
              cheapest.capacityType().label(),
              List.copyOf(n.zones()),
              n.capacityTypes().stream().map(CapacityType::label).toList(),
              n.requests().toQuantityStrings(),
              n.pods(),
              n.explanation(),
              n.candidates().stream()
                  .map(
                      c ->
                          new PlanReport.CandidateReport(
                              c.instanceType(),
                              c.pricePerHour(),
                              c.zone(),
                              c.capacityType().label()))
                  .toList(),
              n.requirements().all().stream().map(Object::toString).toList()));
    }
    return new PlanReport(
        source,
        region,
        catalogName,
        podCount,
        nodes,
        plan.existingNodes().stream()
            .map(a -> new PlanReport.ExistingNodeReport(a.nodeName(), a.pods()))
            .toList(),
        plan.unschedulable().stream()
            .map(u -> new PlanReport.UnschedulableReport(u.pod(), u.reason()))
            .toList(),
        plan.costPerHour(),
        plan.lowerBound(),
        plan.boundRatio(),
        plan.packing(),
        plan.firstFitCostPerHour(),
        plan.firstFitNodes(),
        warnings,
        List.copyOf(skipped));
  }
}
