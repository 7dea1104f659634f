package dev.dovetail.plan;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.solver.Scheduler;
import dev.dovetail.snapshot.NodePools;
import dev.dovetail.snapshot.WorkloadPods;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans one set of manifests: Provisioners become node pools over the catalog's instance types,
 * workloads become pending pods, and the engine solves them on an empty cluster.
 */
public final class ManifestPlanner {
  private final List<InstanceType> instanceTypes;
  private final String region;
  private final String catalogName;
  private final SolveOptions options;

  public ManifestPlanner(
      List<InstanceType> instanceTypes, String region, String catalogName, SolveOptions options) {
    this.instanceTypes = List.copyOf(instanceTypes);
    this.region = region;
    this.catalogName = catalogName;
    this.options = options;
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
        pools.add(NodePools.toEngine(provisioner, instanceTypes));
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
    pools = pools.stream().map(pool -> NodePools.withDaemons(pool, daemons)).toList();
    Plan plan = Scheduler.solve(new Snapshot(pools, List.of(), pods, namespaces), options);
    return report(source, pods.size(), plan, warnings, skipped);
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
